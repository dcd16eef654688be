using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim;
using Venice.Sim.Model;

namespace Venice.Samples.Tests;

/// <summary>
/// A user-written invariant: within a push, no follower reports COMPLETED for a partition before some
/// leader of that partition has. Venice does not promise this (followers and leaders finish independently),
/// which is exactly why a team might want to know when it happens: the sample shows the invariant
/// machinery, and its tests show it both holding and firing.
/// </summary>
public sealed class FollowerCompletesAfterLeader(bool strict = false) : Invariant
{
    private readonly SortedSet<string> partitionsWithLeaderCompleted = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override string Name => strict ? "every-replica-completes-as-leader" : "follower-completes-after-leader";

    /// <inheritdoc />
    public override void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset)
    {
        if (status != ExecutionStatus.COMPLETED) return;
        string partition = $"{replica.Version}-{replica.Partition}";
        bool isLeader = World.HelixStateOf(replica) == HelixState.LEADER;
        if (isLeader)
        {
            partitionsWithLeaderCompleted.Add(partition);
            return;
        }
        // The strict variant demands that only leaders complete: it must fire in any replicated world.
        if (strict || !partitionsWithLeaderCompleted.Contains(partition))
        {
            Violated($"{replica} reported COMPLETED at {World.NowMs} ms before any leader of {partition} had");
        }
    }
}

public sealed class UserInvariantTests
{
    [Test]
    public void A_user_invariant_is_checked_beside_the_built_in_catalog_and_reports_where_it_broke()
    {
        var result = Worlds.LeaderCrashMidPush()
            .WithInvariant(() => new FollowerCompletesAfterLeader(strict: true))
            .Build().Run();

        var violation = result.Violations.First(v => v.Invariant == "every-replica-completes-as-leader");
        Assert.That(violation.Message, Does.Contain("reported COMPLETED"));
        Assert.That(violation.SimTimeMs, Is.GreaterThan(0));
        Assert.That(result.Outcome, Is.EqualTo(Venice.Sim.Running.RunOutcome.Failed), "an unexpected violation fails the run");
    }

    [Test]
    public void A_user_invariant_that_holds_leaves_the_run_passing()
    {
        var result = WorldBuilder.Create(3)
            .WithServers(1)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 1))
            .WithPush("orders", Workload.Puts(records: 500, keys: 100, valueBytes: 64))
            .WithInvariant(() => new FollowerCompletesAfterLeader())
            .Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(Venice.Sim.Running.RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
    }
}
