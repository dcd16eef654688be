using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.FsCheck;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Properties;

/// <summary>
/// Joint shrinking (docs/property-testing.md#joint-shrinking): one shrinker over the interleaving, the faults
/// and the world size, so a failure that needs some of each shrinks to the least of all three at once; and
/// the catalog's defect hunts find their defects and shrink within issue 13's goals.
/// </summary>
[TestFixture]
[Category("Property")]
public sealed class JointShrinkingTests
{
    private static readonly ulong[] Replay = [20_261_207UL, 0x9E3779B97F4A7C15UL];

    /// <summary>The last failing case FsCheck ran, which is the one it shrank to.</summary>
    private static FailoverWorldCase Shrunk(Arbitrary<FailoverWorldCase> arbitrary, Func<FailoverWorldCase, bool> holds, int maxTest = 500)
    {
        FailoverWorldCase? smallest = null;
        var property = Prop.ForAll(arbitrary, c =>
        {
            bool ok = holds(c);
            if (!ok) smallest = c;
            return ok;
        });
        var failure = Assert.Catch<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(Replay[0], Replay[1]), property));
        Assert.That(failure!.Message, Does.Contain("Falsifiable"));
        return smallest!;
    }

    [Test]
    public void A_failure_that_needs_a_fault_a_decision_and_three_servers_shrinks_to_exactly_one_of_each_and_no_more()
    {
        var hunt = new DefectHunt("synthetic", "a predicate over the case, no world run", [])
        {
            Cluster = new(minServers: 2, maxServers: 5, minPartitions: 1, maxPartitions: 3, minReplicationFactor: 2, maxReplicationFactor: 3),
            Schedule = new(minDecisions: 0, maxDecisions: 40, maxStep: 2_000, maxChoice: 7),
        };
        // Fails when a pause, a decision choosing 2 or more, and three or more servers come together.
        static bool Holds(FailoverWorldCase c) =>
            !(c.Faults.Any(f => f.Kind == FaultKind.Pause) && c.Schedule!.Any(d => d.Choice >= 2) && c.Cluster.Servers >= 3);

        var shrunk = Shrunk(hunt.Arbitrary(), Holds);

        Assert.Multiple(() =>
        {
            Assert.That(shrunk.Faults, Has.Count.EqualTo(1), shrunk.ToString());
            Assert.That(shrunk.Faults[0].Kind, Is.EqualTo(FaultKind.Pause));
            Assert.That(shrunk.Faults[0].At, Is.EqualTo(TimeSpan.Zero), "earliest");
            Assert.That(shrunk.Schedule, Has.Count.EqualTo(1), shrunk.ToString());
            Assert.That(shrunk.Schedule![0].Choice, Is.EqualTo(2), "lowest choice that still fails");
            Assert.That(shrunk.Cluster.Servers, Is.EqualTo(3));
            Assert.That(shrunk.Cluster.Partitions, Is.EqualTo(1));
            Assert.That(shrunk.Push.Records, Is.EqualTo(WorldCaseGen.FailoverPushes.MinRecords));
        });
    }

    [Test]
    public void A_failure_the_interleaving_plays_no_part_in_shrinks_to_the_canonical_order()
    {
        var hunt = new DefectHunt("synthetic", "a predicate over the case, no world run", []);

        var shrunk = Shrunk(hunt.Arbitrary(), c => c.Faults.Count < 2);

        Assert.That(shrunk.Schedule, Is.Empty);
        Assert.That(shrunk.Faults, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_schedule_shrinks_to_none_first_then_by_halves_then_single_decisions_then_lower_choices()
    {
        IReadOnlyList<ScheduleDecision> schedule = [new(1, 3), new(5, 0), new(9, 1), new(12, 2)];

        var shrinks = ScheduleGen.ShrinkSchedule(schedule, new ScheduleBounds()).ToArray();

        Assert.That(shrinks[0], Is.Empty);
        Assert.That(shrinks[1], Is.EqualTo(new ScheduleDecision[] { new(9, 1), new(12, 2) }));
        Assert.That(shrinks[2], Is.EqualTo(new ScheduleDecision[] { new(1, 3), new(5, 0) }));
        Assert.That(shrinks.Skip(3).Take(4).Select(s => s.Count), Is.All.EqualTo(3));
        Assert.That(shrinks.Skip(7).All(s => s.Count == 4 && s.Zip(schedule).All(p => p.First.Step == p.Second.Step && p.First.Choice <= p.Second.Choice)), Is.True);
    }

    [Test]
    public void A_generated_schedule_has_distinct_increasing_steps_within_its_bounds()
    {
        var bounds = new ScheduleBounds(minDecisions: 3, maxDecisions: 10, maxStep: 50, maxChoice: 4);

        var schedules = ScheduleGen.Schedules(bounds).Sample(200, new Rnd(Replay[0]), 10);

        Assert.That(schedules.All(s => s.Count is >= 3 and <= 10), Is.True);
        Assert.That(schedules.All(s => s.Zip(s.Skip(1)).All(p => p.First.Step < p.Second.Step)), Is.True);
        Assert.That(schedules.SelectMany(s => s).All(d => d.Step is >= 0 and <= 50 && d.Choice is >= 0 and <= 4), Is.True);
        Assert.That(schedules.SelectMany(s => ScheduleGen.ShrinkSchedule(s, bounds)).All(s => s.Count >= 3), Is.True, "shrinks keep the minimum");
    }

    /// <summary>The hunts that run in a second or two; promote-without-wait and demote-without-drain run in `venice-sim shrink-table`.</summary>
    private static readonly string[] QuickHunts = ["checkpoint-before-sync", "complete-before-eop", "resume-rt-from-latest", "div-ignores-gaps", "decider-ignores-leader", "keep-cv-on-drop", "follower-skips-lag-check", "promotion-wait-from-start",
        "swap-before-online", "retire-current-version", "retire-without-drop", "swap-to-failed-push"];

    [TestCaseSource(nameof(QuickHunts))]
    public void A_defect_hunt_finds_its_defect_shrinks_it_within_the_goals_and_is_silent_without_it(string defect)
    {
        var hunt = DefectHunts.For(defect);

        var found = DefectHunts.Run(hunt, maxTests: 100);
        var healthy = DefectHunts.Run(hunt, maxTests: 100, withDefect: false);

        Assert.Multiple(() =>
        {
            Assert.That(found.Found, Is.True, $"{defect} not found in 100 cases");
            Assert.That(found.Shrunk!.FaultCount, Is.LessThanOrEqualTo(ShrinkTable.MaxFaultsGoal), found.Shrunk.ToString());
            Assert.That(found.Decisions, Is.LessThanOrEqualTo(ShrinkTable.MaxDecisionsGoal), found.Shrunk.ToString());
            Assert.That(found.Violated.Intersect(hunt.Watched), Is.Not.Empty, "the shrunk case still violates a watched invariant");
            Assert.That(healthy.Found, Is.False, $"false alarm without the defect: {healthy.Shrunk}");
        });
    }

    [Test]
    public void Later_pushes_and_a_push_kill_shrink_to_none_first_then_to_fewer_smaller_and_earlier()
    {
        var c = new FailoverWorldCase(new ClusterShape(3, 1, 3), new WorkloadCase(10, 5, 8), new WorkloadCase(1, 1, 8), Seed: 1, Faults: [])
        {
            Kind = StoreKind.Batch,
            LaterPushes = [new WorkloadCase(10, 5, 8), new WorkloadCase(20, 5, 8)],
            KillPushAt = TimeSpan.FromSeconds(8),
        };

        var shrinks = WorldCaseGen.ShrinkFailoverWorld(c).ToArray();

        Assert.That(shrinks, Has.Some.Matches<FailoverWorldCase>(s => s.KillPushAt is null && s.LaterPushes.Count == 2), "no kill at all");
        Assert.That(shrinks, Has.Some.Matches<FailoverWorldCase>(s => s.KillPushAt == TimeSpan.FromSeconds(4)), "half as late");
        Assert.That(shrinks, Has.Some.Matches<FailoverWorldCase>(s => s.LaterPushes.Count == 1 && s.LaterPushes[0].Records == 10), "the last later push dropped");
        Assert.That(shrinks, Has.Some.Matches<FailoverWorldCase>(s => s.LaterPushes.Count == 2 && s.LaterPushes[1].Records < 20), "a later push smaller");
        Assert.That(c.FaultCount, Is.EqualTo(1), "the kill counts as a fault");
        Assert.That(c.ToBuilder().Spec.Pushes[FailoverWorldCase.StoreName], Has.Count.EqualTo(3), "the first push and two later ones");
    }

    [Test]
    public void A_hunt_with_impossible_version_bounds_is_refused_naming_the_bound()
    {
        var hunt = DefectHunts.For("swap-before-online");

        Assert.That(() => hunt with { LaterPushes = (2, 1) }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("LaterPushes"));
        Assert.That(() => hunt with { Retention = 0 }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Retention"));
        Assert.That(() => hunt with { KillPushWithin = TimeSpan.FromSeconds(-1) }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("KillPushWithin"));
    }

    [Test]
    public void A_lifecycle_counterexample_is_written_with_its_later_pushes_and_retention_and_loads_back()
    {
        var c = new FailoverWorldCase(new ClusterShape(3, 1, 3), new WorkloadCase(10, 5, 8), new WorkloadCase(1, 1, 8), Seed: 1, Faults: [])
        {
            Kind = StoreKind.Batch, Retention = 1, LaterPushes = [new WorkloadCase(12, 6, 8)], KillPushAt = TimeSpan.FromSeconds(3),
        };

        string yaml = Venice.Sim.Scenarios.RegressionScenario.Write(c.ToBuilder().Spec, [], "lifecycle-case", "a lifecycle case");

        Assert.That(yaml, Does.Contain("  retention: 1\n").And.Contain("pushes:\n  - { version: 2, records: 12, keys: 6, valueBytes: 8 }\n")
            .And.Contain("killPush: carts"));
    }

    [Test]
    public void Every_hunt_is_for_a_catalog_defect_and_watches_invariants_of_the_catalog()
    {
        Assert.That(DefectHunts.Catalog.Select(h => h.Defect).All(DefectNames.Catalog.Contains), Is.True);
        Assert.That(DefectHunts.Catalog.Select(h => h.Defect), Is.Unique);
        Assert.That(DefectHunts.Catalog.SelectMany(h => h.Watched).All(InvariantNames.Catalog.Contains), Is.True);
    }

    [Test]
    public void An_unknown_hunt_is_refused_naming_the_hunts_there_are()
    {
        var e = Assert.Throws<ArgumentException>(() => DefectHunts.For("no-such-defect"));

        Assert.That(e!.Message, Does.Contain("promote-without-wait"));
    }
}
