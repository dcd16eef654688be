using System.Reflection;
using Venice.Sim.Coyote;
using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Coyote;

/// <summary>
/// Coyote explores a world built in code, from an assembly (this one) that Coyote never rewrote: only
/// Venice.Sim.Coyote is rewritten, so a user's test project needs no rewriting step.
/// </summary>
[TestFixture]
[Category("Coyote")]
public sealed class BuilderWorldUnderCoyote
{
    /// <summary>scenarios/fast/small-hybrid-failover.yaml, built in code.</summary>
    internal static WorldBuilder SmallHybridFailover() =>
        WorldBuilder.Create(1).WithName("small-hybrid-failover-in-code").WithServers(3)
            .WithStore(StoreDefinition.Hybrid("carts", partitions: 2, replicationFactor: 3))
            .WithPush("carts", Workload.Puts(records: 200, keys: 100, valueBytes: 16))
            .WithRealtime("carts", Workload.RealTime(records: 900, keys: 900, valueBytes: 16, ratePerSecond: 2))
            .WithConfig("poll.batch.records", "5")
            .WithRandomFaults(new RandomFaults(Crashes: 1, SessionExpiries: 2, Pauses: 1))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(420), settleWithin: TimeSpan.FromSeconds(900));

    private static bool IsRewrittenByCoyote(Assembly assembly) =>
        assembly.GetCustomAttributesData().Any(a => a.AttributeType.Name == "RewritingSignatureAttribute");

    [Test]
    public void Only_the_coyote_support_assembly_is_rewritten_and_neither_the_library_nor_this_test_assembly_is()
    {
        Assert.That(IsRewrittenByCoyote(typeof(CoyoteExplorer).Assembly), Is.True, "Venice.Sim.Coyote must ship rewritten");
        Assert.That(IsRewrittenByCoyote(typeof(WorldBuilder).Assembly), Is.False);
        Assert.That(IsRewrittenByCoyote(typeof(BuilderWorldUnderCoyote).Assembly), Is.False);
    }

    [Test]
    public void A_healthy_world_built_in_code_survives_the_schedules_and_fault_placements_coyote_explores()
    {
        var result = CoyoteTesting.Explore(SmallHybridFailover(), new CoyoteOptions(Iterations: 5, Seed: 1));

        Assert.That(result.BugFound, Is.False, result.Bug);
        Assert.That(result.IterationsRun, Is.EqualTo(5));
        Assert.That(result.FailingRun, Is.Null);
    }

    [Test]
    public void A_leader_demoted_without_draining_is_found_in_a_world_built_in_code_and_its_trace_replays_to_the_same_failure()
    {
        var world = SmallHybridFailover().WithDefect("demote-without-drain");

        var found = CoyoteTesting.Explore(world, new CoyoteOptions(Iterations: 30, Seed: 1));

        Assert.That(found.BugFound, Is.True, "Coyote must find a demotion with produced records still queued");
        Assert.That(found.Bug, Does.Contain("no-false-div").Or.Contain("replicas-converge").Or.Contain("no-lost-writes"));
        Assert.That(found.FirstBugIteration, Is.EqualTo(found.IterationsRun), "exploration stops at the first bug");
        Assert.That(found.ReproducibleTrace, Is.Not.Null.And.Not.Empty);
        Assert.That(found.FailingRun!.Outcome, Is.EqualTo(RunOutcome.Failed));

        var replayed = CoyoteTesting.Replay(world, found.ReproducibleTrace!);

        Assert.That(replayed.Outcome, Is.EqualTo(RunOutcome.Failed));
        Assert.That(replayed.Violations, Is.EqualTo(found.FailingRun.Violations));
        Assert.That(replayed.TraceSha256, Is.EqualTo(found.FailingRun.TraceSha256), "the replay is the explored iteration, byte for byte");
    }

    [Test]
    public void Replaying_needs_a_trace()
    {
        Assert.Throws<ArgumentException>(() => CoyoteTesting.Replay(SmallHybridFailover(), " "));
    }
}
