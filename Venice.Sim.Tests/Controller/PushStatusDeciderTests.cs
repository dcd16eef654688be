using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.Controller;

public sealed class PushStatusDeciderTests
{
    private static readonly ServerId S0 = new(0), S1 = new(1), S2 = new(2);

    private static ReplicaStatusMap Statuses(params (ServerId Server, ExecutionStatus Status)[] entries)
    {
        var map = new ReplicaStatusMap();
        foreach (var (server, status) in entries) map.Set(server, status);
        return map;
    }

    /// <summary>Three instances, S0 the LEADER.</summary>
    private static Dictionary<ServerId, HelixState> LedByS0() =>
        new() { [S0] = HelixState.LEADER, [S1] = HelixState.STANDBY, [S2] = HelixState.STANDBY };

    [Test]
    public void Wait_n_minus_one_completes_a_partition_with_two_of_three_replicas_done_including_the_leader()
    {
        var decider = new PushStatusDecider(PushStrategy.WaitNMinusOne);
        var statuses = Statuses((S0, ExecutionStatus.COMPLETED), (S1, ExecutionStatus.COMPLETED), (S2, ExecutionStatus.STARTED));

        Assert.That(decider.DecidePartition(statuses, LedByS0(), replicationFactor: 3), Is.EqualTo(PushDecision.Completed));
    }

    [Test]
    public void A_partition_is_not_completed_while_its_leader_has_not_completed()
    {
        var decider = new PushStatusDecider(PushStrategy.WaitNMinusOne);
        var statuses = Statuses((S0, ExecutionStatus.STARTED), (S1, ExecutionStatus.COMPLETED), (S2, ExecutionStatus.COMPLETED));

        Assert.That(decider.DecidePartition(statuses, LedByS0(), 3), Is.EqualTo(PushDecision.Started));
    }

    [Test]
    public void A_partition_without_a_leader_in_the_view_does_not_complete_unlike_venice()
    {
        // Venice completes it (getPartitionStatus starts isLeaderCompleted at true); the model's deliberate difference.
        var decider = new PushStatusDecider(PushStrategy.WaitAll);
        var statuses = Statuses((S0, ExecutionStatus.COMPLETED), (S1, ExecutionStatus.COMPLETED), (S2, ExecutionStatus.COMPLETED));
        var standbys = new Dictionary<ServerId, HelixState> { [S0] = HelixState.STANDBY, [S1] = HelixState.STANDBY, [S2] = HelixState.STANDBY };

        Assert.That(decider.DecidePartition(statuses, standbys, 3), Is.EqualTo(PushDecision.Started));
    }

    [Test]
    public void Completed_replicas_do_not_count_toward_end_of_push_received()
    {
        var decider = new PushStatusDecider(PushStrategy.WaitAll);
        var statuses = Statuses((S0, ExecutionStatus.COMPLETED), (S1, ExecutionStatus.COMPLETED), (S2, ExecutionStatus.STARTED));

        Assert.That(decider.DecidePartition(statuses, LedByS0(), 3), Is.EqualTo(PushDecision.Started));
    }

    [Test]
    public void Wait_n_minus_one_tolerates_one_errored_replica_but_not_two()
    {
        var decider = new PushStatusDecider(PushStrategy.WaitNMinusOne);
        var oneError = Statuses((S0, ExecutionStatus.STARTED), (S1, ExecutionStatus.ERROR), (S2, ExecutionStatus.STARTED));
        var twoErrors = Statuses((S0, ExecutionStatus.STARTED), (S1, ExecutionStatus.ERROR), (S2, ExecutionStatus.ERROR));

        Assert.That(decider.DecidePartition(oneError, LedByS0(), 3), Is.EqualTo(PushDecision.Started));
        Assert.That(decider.DecidePartition(twoErrors, LedByS0(), 3), Is.EqualTo(PushDecision.Error));
    }

    [Test]
    public void Wait_all_errors_a_partition_on_its_first_errored_replica()
    {
        var decider = new PushStatusDecider(PushStrategy.WaitAll);
        var statuses = Statuses((S0, ExecutionStatus.COMPLETED), (S1, ExecutionStatus.ERROR), (S2, ExecutionStatus.COMPLETED));

        Assert.That(decider.DecidePartition(statuses, LedByS0(), 3), Is.EqualTo(PushDecision.Error));
    }

    [Test]
    public void A_version_is_completed_only_when_every_partition_is_and_errored_when_any_is()
    {
        Assert.That(PushStatusDecider.DecideVersion([PushDecision.Completed, PushDecision.Completed]), Is.EqualTo(PushDecision.Completed));
        Assert.That(PushStatusDecider.DecideVersion([PushDecision.Completed, PushDecision.Started]), Is.EqualTo(PushDecision.Started));
        Assert.That(PushStatusDecider.DecideVersion([PushDecision.Completed, PushDecision.EndOfPushReceived]), Is.EqualTo(PushDecision.EndOfPushReceived));
        Assert.That(PushStatusDecider.DecideVersion([PushDecision.Completed, PushDecision.Error]), Is.EqualTo(PushDecision.Error));
        Assert.That(PushStatusDecider.DecideVersion([PushDecision.Started, PushDecision.Started]), Is.EqualTo(PushDecision.Started));
    }

    [Test]
    public void The_push_status_table_allows_only_forward_moves_and_keeps_terminal_states()
    {
        Assert.That(PushStatusTransitions.IsLegal(PushDecision.Started, PushDecision.EndOfPushReceived), Is.True);
        Assert.That(PushStatusTransitions.IsLegal(PushDecision.EndOfPushReceived, PushDecision.Completed), Is.True);
        Assert.That(PushStatusTransitions.IsLegal(PushDecision.EndOfPushReceived, PushDecision.Started), Is.False);
        Assert.That(PushStatusTransitions.IsLegal(PushDecision.Completed, PushDecision.Error), Is.False);
        Assert.That(PushStatusTransitions.IsLegal(PushDecision.Error, PushDecision.Completed), Is.False);
    }
}
