using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.VeniceParity;

/// <summary>
/// Venice's WaitAllPushStatusDeciderTest.testGetPartitionStatus, step by step: one partition, replication
/// factor 3, instances 0 and 1 STANDBY and 2 LEADER, no disabled-replica callback. The steps accumulate.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WaitAllPushStatusDeciderParityTests
{
    private const string Venice = "WaitAllPushStatusDeciderTest.testGetPartitionStatus";
    private static readonly ServerId I0 = new(0), I1 = new(1), I2 = new(2), I3 = new(3);

    private readonly PushStatusDecider decider = new(PushStrategy.WaitAll);
    private readonly ReplicaStatusMap statuses = new();
    private readonly Dictionary<ServerId, HelixState> instances = new()
    {
        [I0] = HelixState.STANDBY, [I1] = HelixState.STANDBY, [I2] = HelixState.LEADER,
    };

    private PushDecision After(int step)
    {
        PushDecision decision = PushDecision.Started;
        for (int s = 1; s <= step; s++)
        {
            switch (s)
            {
                case 1: statuses.Set(I0, ExecutionStatus.COMPLETED); statuses.Set(I1, ExecutionStatus.COMPLETED); break;
                case 2: statuses.Set(I2, ExecutionStatus.STARTED); break;
                case 3: statuses.Set(I2, ExecutionStatus.COMPLETED); break;
                case 4: statuses.Set(I1, ExecutionStatus.ERROR); break;
                case 5: statuses.Set(I3, ExecutionStatus.STARTED); break;
                case 6: instances[I3] = HelixState.STANDBY; break;
                case 7: statuses.Set(I3, ExecutionStatus.COMPLETED); break;
            }
            decision = decider.DecidePartition(statuses, instances, replicationFactor: 3);
        }
        return decision;
    }

    [Test, Description(Venice + " (not enough replicas: the leader has no report)")]
    public void Two_completed_standbys_and_a_silent_leader_leave_the_partition_started() =>
        Assert.That(After(1), Is.EqualTo(PushDecision.Started));

    [Test, Description(Venice + " (enough replicas, one not finished)")]
    public void A_started_leader_keeps_the_partition_started() =>
        Assert.That(After(2), Is.EqualTo(PushDecision.Started));

    [Test, Description(Venice + " (all the replicas finished)")]
    public void Every_replica_completed_completes_the_partition() =>
        Assert.That(After(3), Is.EqualTo(PushDecision.Completed));

    [Test, Description(Venice + " (one of the replicas failed)")]
    public void One_errored_replica_errors_the_partition() =>
        Assert.That(After(4), Is.EqualTo(PushDecision.Error));

    [Test, Description(Venice + " (a new replica joined but is not in the external view yet)")]
    public void A_report_from_a_replica_not_in_the_view_changes_nothing() =>
        Assert.That(After(5), Is.EqualTo(PushDecision.Error));

    [Test, Description(Venice + " (the new replica enters the view: four instances tolerate one error)")]
    public void A_fourth_instance_in_the_view_lifts_the_error_back_to_started() =>
        Assert.That(After(6), Is.EqualTo(PushDecision.Started));

    [Test, Description(Venice + " (the new replica finished)")]
    public void Three_completed_replicas_of_four_including_the_leader_complete_the_partition() =>
        Assert.That(After(7), Is.EqualTo(PushDecision.Completed));
}
