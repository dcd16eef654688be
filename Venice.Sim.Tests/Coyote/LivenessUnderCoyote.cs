using Venice.Core.Reporting;
using Venice.Sim.Coyote;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Coyote;

/// <summary>
/// The liveness invariants (push-completes, leader-elected, followers-catch-up) under Coyote: an iteration
/// that starves progress past the step bound, or ends its settle phase still waiting, is a bug with a
/// schedule that replays it, not an iteration Coyote cuts silently; a healthy world raises none of them.
/// </summary>
[TestFixture]
[Category("Coyote")]
public sealed class LivenessUnderCoyote
{
    private static WorldBuilder BatchPush() =>
        WorldBuilder.Create(5).WithName("liveness-batch").WithServers(3)
            .WithStore(StoreDefinition.Batch("store", partitions: 2, replicationFactor: 3))
            .WithPush("store", Workload.Puts(records: 60, keys: 60, valueBytes: 16))
            .WithConfig("poll.batch.records", "5");

    private static ExplorationResult Explore(WorldBuilder world, uint iterations, uint maxSteps = 200_000) =>
        CoyoteTesting.Explore(world, new CoyoteOptions(iterations, ExploreStrategy.Portfolio, Seed: 3, MaxSchedulingSteps: maxSteps));

    private static IEnumerable<string> Invariants(ExplorationResult result) => result.FailingRun!.Violations.Select(v => v.Invariant);

    [Test]
    public void A_schedule_still_progressing_at_the_step_bound_is_a_push_completes_bug_with_a_schedule_that_replays_it()
    {
        // 40 steps cannot finish a 60-record push on three replicas of two partitions.
        var world = BatchPush();
        var result = Explore(world, iterations: 5, maxSteps: 40);

        Assert.That(result.BugFound, Is.True, "the step bound must be reported, not cut silently");
        Assert.That(result.FirstBugIteration, Is.EqualTo(1));
        Assert.That(result.Bug, Does.StartWith("liveness: the world could still progress after 40 steps"));
        Assert.That(Invariants(result), Does.Contain(InvariantNames.PushCompletes));

        var replayed = CoyoteTesting.Replay(world, result.ReproducibleTrace!);
        Assert.That(replayed.Violations, Is.EqualTo(result.FailingRun!.Violations));
    }

    [Test]
    public void Followers_still_behind_at_the_step_bound_break_followers_catch_up()
    {
        // Past START_OF_PUSH and some records, short of the end: replicas have VT records left to read.
        var result = Explore(BatchPush(), iterations: 5, maxSteps: 60);

        Assert.That(result.BugFound, Is.True);
        Assert.That(Invariants(result), Does.Contain(InvariantNames.FollowersCatchUp));
    }

    [Test]
    public void An_online_partition_whose_new_leader_is_still_behind_its_promotion_gate_at_the_end_breaks_leader_elected()
    {
        // The leader of partition 0 crashes once the version is ONLINE and stays down: its session expires
        // 30 s later, Helix promotes a standby, whose 300 s promotion gate outlasts the run (it ends at 101 s).
        var world = BatchPush()
            .WithFault(Fault.Crash(ServerTarget.LeaderOf("store", 0)).When(Milestone.VersionStatusChanged("store", VersionStatus.ONLINE)))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(100), settleWithin: TimeSpan.FromSeconds(1))
            .WithConfig("server.promotion.to.leader.replica.delay.seconds", "300");

        var result = Explore(world, iterations: 3);

        Assert.That(result.BugFound, Is.True);
        Assert.That(Invariants(result), Does.Contain(InvariantNames.LeaderElected), result.Bug);
    }

    [Test]
    public void A_healthy_world_raises_no_liveness_violation_in_any_explored_schedule()
    {
        var result = Explore(BatchPush(), iterations: 30);

        Assert.That(result.BugFound, Is.False, result.Bug);
        Assert.That(result.IterationsRun, Is.EqualTo(30));
    }
}
