using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.FsCheck;
using Venice.Sim.Running;

namespace Venice.Sim.Tests.Properties;

/// <summary>
/// FsCheck properties over generated failovers (Venice.Sim.FsCheck): a small hybrid world meets crashes,
/// session expiries, pauses and isolations at generated times, then heals and settles; every invariant must hold.
/// </summary>
[TestFixture]
[Category("Property")]
public sealed class FailoverProperties
{
    private static string Describe(RunResult result) =>
        string.Join("; ", result.ExpectationFailures.Concat(result.Violations.Select(v => $"{v.Invariant}: {v.Message}")));

    [global::FsCheck.NUnit.Property(Arbitrary = new[] { typeof(VeniceArbitraries) }, MaxTest = 40)]
    public Property Every_generated_failover_settles_online_with_all_invariants_holding(FailoverWorldCase c)
    {
        var result = c.ToBuilder().Build().Run();
        return (result.Outcome == RunOutcome.Passed).Label($"{c}: {result.VersionStatus}; {Describe(result)}");
    }

    /// <summary>
    /// The defect hunt `venice-sim shrink-table` runs for demote-without-drain (its bounds aim the
    /// generated failovers at a leader demoted with records in flight), with its fixed replay seed.
    /// </summary>
    [Test]
    public void A_leader_demoted_without_draining_what_it_produced_fails_and_shrinks_to_a_single_early_fault()
    {
        var hunt = DefectHunts.For("demote-without-drain");

        var found = DefectHunts.Run(hunt);

        Assert.That(found.Found, Is.True, $"demote-without-drain not found in {DefectHunts.DefaultTests} generated failovers");
        Assert.That(found.ShrinkSteps, Is.GreaterThan(0), "FsCheck must have shrunk the counterexample");
        Assert.That(found.Shrunk!.FaultCount, Is.EqualTo(1), $"shrunk to {found.Shrunk}");
        Assert.That(found.Violated.Intersect(hunt.Watched), Is.Not.Empty, "the shrunk case still violates a watched invariant");
        TestContext.Out.WriteLine($"minimal counterexample: {found.Shrunk}");
    }
}
