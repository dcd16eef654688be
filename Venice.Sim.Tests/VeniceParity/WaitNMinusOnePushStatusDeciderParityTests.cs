using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.VeniceParity;

/// <summary>
/// Venice's WaitNMinusOnePushStatusDeciderTest.testGetPartitionStatus, step by step: one partition,
/// replication factor 3, instances 0 and 1 STANDBY and 2 LEADER, and a disabled-replica callback that
/// reports instance 3 as disabled. Each step changes one or two replicas' statuses (or the view) and
/// the steps accumulate, as in Venice's test.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WaitNMinusOnePushStatusDeciderParityTests
{
    private const string Venice = "WaitNMinusOnePushStatusDeciderTest.testGetPartitionStatus";
    private static readonly ServerId I0 = new(0), I1 = new(1), I2 = new(2), I3 = new(3);

    private readonly PushStatusDecider decider = new(PushStrategy.WaitNMinusOne);
    private readonly ReplicaStatusMap statuses = new();
    private readonly Dictionary<ServerId, HelixState> instances = new()
    {
        [I0] = HelixState.STANDBY, [I1] = HelixState.STANDBY, [I2] = HelixState.LEADER,
    };
    private readonly DisabledReplicas disabled = new(I3);

    private PushDecision Decide() => decider.DecidePartition(statuses, instances, replicationFactor: 3, partition: 0, disabled);

    /// <summary>Replays the steps of Venice's test up to and including <paramref name="step"/>.</summary>
    private PushDecision After(int step)
    {
        PushDecision decision = PushDecision.Started;
        for (int s = 1; s <= step; s++)
        {
            switch (s)
            {
                case 1: statuses.Set(I0, ExecutionStatus.COMPLETED); break;
                case 2: statuses.Set(I1, ExecutionStatus.COMPLETED); statuses.Set(I2, ExecutionStatus.STARTED); break;
                case 3: statuses.Set(I1, ExecutionStatus.STARTED); statuses.Set(I2, ExecutionStatus.COMPLETED); break;
                case 4: statuses.Set(I1, ExecutionStatus.COMPLETED); break;
                case 5: statuses.Set(I1, ExecutionStatus.ERROR); break;
                case 6: statuses.Set(I0, ExecutionStatus.ERROR); break;
                case 7: statuses.Set(I3, ExecutionStatus.STARTED); break;
                case 8: statuses.Set(I2, ExecutionStatus.ERROR); break;
                case 9: statuses.Set(I1, ExecutionStatus.COMPLETED); statuses.Set(I2, ExecutionStatus.COMPLETED); break;
                case 10: instances[I3] = HelixState.OFFLINE; statuses.Set(I3, ExecutionStatus.ERROR); break;
                case 11: statuses.Set(I0, ExecutionStatus.ERROR); statuses.Set(I1, ExecutionStatus.ERROR); break;
            }
            decision = Decide();
        }
        return decision;
    }

    [Test, Description(Venice + " (not enough replicas)")]
    public void One_completed_standby_of_three_leaves_the_partition_started() =>
        Assert.That(After(1), Is.EqualTo(PushDecision.Started));

    [Test, Description(Venice + " (n - 1 finished, the leader still bootstrapping)")]
    public void Two_completed_standbys_do_not_complete_the_partition_while_the_leader_has_not() =>
        Assert.That(After(2), Is.EqualTo(PushDecision.Started));

    [Test, Description(Venice + " (n - 1 finished, the leader among them)")]
    public void Two_completed_replicas_including_the_leader_complete_the_partition() =>
        Assert.That(After(3), Is.EqualTo(PushDecision.Completed));

    [Test, Description(Venice + " (all the replicas finished)")]
    public void Three_completed_replicas_complete_the_partition() =>
        Assert.That(After(4), Is.EqualTo(PushDecision.Completed));

    [Test, Description(Venice + " (one of the replicas failed)")]
    public void One_errored_standby_is_tolerated_while_two_others_completed() =>
        Assert.That(After(5), Is.EqualTo(PushDecision.Completed));

    [Test, Description(Venice + " (another has also failed)")]
    public void Two_errored_replicas_of_three_error_the_partition() =>
        Assert.That(After(6), Is.EqualTo(PushDecision.Error));

    [Test, Description(Venice + " (a new replica joined but is not in the external view yet)")]
    public void A_report_from_a_replica_not_in_the_view_changes_nothing() =>
        Assert.That(After(7), Is.EqualTo(PushDecision.Error));

    [Test, Description(Venice + " (the leader failed too)")]
    public void Three_errored_replicas_error_the_partition() =>
        Assert.That(After(8), Is.EqualTo(PushDecision.Error));

    [Test, Description(Venice + " (the new replica finished)")]
    public void Two_completed_replicas_including_the_leader_complete_the_partition_again() =>
        Assert.That(After(9), Is.EqualTo(PushDecision.Completed));

    [Test, Description(Venice + " (an OFFLINE disabled instance in error, the job still finishes)")]
    public void A_disabled_offline_replica_in_error_does_not_stop_two_completed_replicas() =>
        Assert.That(After(10), Is.EqualTo(PushDecision.Completed));

    [Test, Description(Venice + " (both followers in error and one disabled in error: the job fails)")]
    public void Two_errored_followers_and_a_disabled_replica_error_the_partition() =>
        Assert.That(After(11), Is.EqualTo(PushDecision.Error));

    [Test, Description("PushStatusDecider.getPartitionStatus: an ERROR leader is disabled through the callback")]
    public void An_errored_leader_that_is_not_disabled_yet_is_disabled()
    {
        After(8);

        Assert.That(disabled.Disabled, Is.EqualTo(new[] { I2 }));
    }

    /// <summary>The test's callback: <paramref name="alreadyDisabled"/> is disabled; disabling records the replica.</summary>
    private sealed class DisabledReplicas(ServerId alreadyDisabled) : IDisabledReplicaCallback
    {
        public List<ServerId> Disabled { get; } = [];

        public bool IsReplicaDisabled(ServerId server, int partition) => server == alreadyDisabled;

        public void DisableReplica(ServerId server, int partition)
        {
            if (!Disabled.Contains(server)) Disabled.Add(server);
        }
    }
}
