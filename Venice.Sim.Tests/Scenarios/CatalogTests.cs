using Venice.Sim.Scenarios;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Scenarios;

public sealed class The_catalogs
{
    [Test]
    public void List_the_invariants_of_the_design_in_order()
    {
        Assert.That(InvariantNames.Catalog.Names, Is.EqualTo(new[]
        {
            "single-leader-writer", "checkpoint-not-ahead", "status-order", "online-has-data", "view-consistency",
            "no-false-div", "div-catches-loss", "replicas-converge", "no-lost-writes", "push-completes",
            "leader-elected", "followers-catch-up", "current-version-online", "reads-have-serving-version",
            "retired-version-clean", "failed-push-keeps-current", "completed-within-lag", "promotion-after-quiet-vt", "session-fencing",
        }));
    }

    [Test]
    public void List_the_defects_of_the_design_in_order()
    {
        Assert.That(DefectNames.Catalog.Names, Is.EqualTo(new[]
        {
            "promote-without-wait", "checkpoint-before-sync", "complete-before-eop", "resume-rt-from-latest",
            "div-ignores-gaps", "decider-ignores-leader", "keep-cv-on-drop", "demote-without-drain",
            "swap-before-online", "retire-current-version", "retire-without-drop", "swap-to-failed-push",
            "follower-skips-lag-check", "promotion-wait-from-start", "run-stale-session-message", "failed-send-reuses-sequence",
        }));
    }

    [Test]
    public void Describe_every_entry_in_one_line()
    {
        var entries = InvariantNames.Catalog.Entries.Concat(DefectNames.Catalog.Entries);

        Assert.That(entries, Has.All.Matches<CatalogEntry>(entry => entry.Description.Length > 0 && !entry.Description.Contains('\n')));
    }

    [Test]
    public void Reject_a_duplicate_name()
    {
        Assert.Throws<ArgumentException>(() => _ = new NameCatalog([new("a", "x"), new("a", "y")]));
    }
}
