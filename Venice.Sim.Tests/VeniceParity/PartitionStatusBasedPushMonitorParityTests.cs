using Venice.Core.Controller;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.VeniceParity;

/// <summary>
/// The assertions of Venice's PartitionStatusBasedPushMonitorTest and of its base AbstractPushMonitorTest
/// whose behaviour the model covers (the rest check mocks of ZK accessors, store cleaners, version swap
/// hooks, incremental pushes and materialized views: docs/write-path.md, "Parity with Venice's tests").
/// </summary>
public sealed class PartitionStatusBasedPushMonitorParityTests
{
    [Test, Description("AbstractPushMonitorTest.testStartMonitorOfflinePush")]
    public void A_push_being_monitored_starts_out_started_with_a_started_version()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 1, replicationFactor: 3);

        Assert.That(rig.Status, Is.EqualTo(PushDecision.Started));
        Assert.That(rig.VersionStatus, Is.EqualTo(nameof(VersionStatus.STARTED)));
    }

    [Test, Description("PartitionStatusBasedPushMonitorTest.testLoadRunningPushWhichIsNotUpdateToDate")]
    public void A_push_whose_replicas_all_completed_in_every_partition_completes_and_becomes_the_current_version()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 3, replicationFactor: 3);
        for (int partition = 0; partition < 3; partition++)
        {
            rig.View(partition, (0, "STANDBY"), (1, "STANDBY"), (2, "LEADER"));
            rig.Report(partition, (0, ExecutionStatus.COMPLETED), (1, ExecutionStatus.COMPLETED), (2, ExecutionStatus.COMPLETED));
        }

        rig.Monitor.Poll();

        Assert.That(rig.Status, Is.EqualTo(PushDecision.Completed));
        Assert.That(rig.VersionStatus, Is.EqualTo(nameof(VersionStatus.ONLINE)));
        Assert.That(rig.CurrentVersion, Is.EqualTo("1"));
    }

    [Test, Description("PartitionStatusBasedPushMonitorTest.testLoadRunningPushWhichIsNotUpdateToDateAndDeletionError (the ERROR half)")]
    public void A_push_with_a_partition_in_error_errors_and_leaves_the_current_version_alone()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 2, replicationFactor: 3);
        rig.View(0, (0, "STANDBY"), (1, "STANDBY"), (2, "LEADER"));
        rig.Report(0, (0, ExecutionStatus.ERROR), (1, ExecutionStatus.ERROR), (2, ExecutionStatus.COMPLETED));

        rig.Monitor.Poll();

        Assert.That(rig.Status, Is.EqualTo(PushDecision.Error));
        Assert.That(rig.VersionStatus, Is.EqualTo(nameof(VersionStatus.ERROR)));
        Assert.That(rig.CurrentVersion, Is.Null);
    }

    [Test, Description("PartitionStatusBasedPushMonitorTest.testOnExternalViewChangeDisablePartition")]
    public void Partitions_with_one_errored_leader_and_an_errored_and_an_offline_replica_keep_the_push_started()
    {
        // Partitions 0 and 1: instance a (0) in Helix ERROR, the disabled host (1) LEADER and reporting ERROR,
        // instance b (2) OFFLINE; a report from c (3), not in the view. Partition 2 is healthy with no reports.
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 3, replicationFactor: 3);
        for (int partition = 0; partition < 2; partition++)
        {
            rig.View(partition, (0, "ERROR"), (1, "LEADER"), (2, "OFFLINE"));
            rig.Report(partition, (0, ExecutionStatus.STARTED), (3, ExecutionStatus.STARTED), (1, ExecutionStatus.ERROR));
        }
        rig.View(2, (0, "LEADER"), (1, "STANDBY"), (2, "STANDBY"));

        rig.Monitor.Poll();

        Assert.That(rig.Status, Is.EqualTo(PushDecision.Started));
    }

    [Test, Description("AbstractPushMonitorTest.testOnPartitionStatusChangeForHybridStore (all replicas STARTED)")]
    public void A_hybrid_push_with_every_replica_started_sends_no_topic_switch()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 1, replicationFactor: 3, hybrid: true);
        rig.View(0, (0, "LEADER"), (1, "STANDBY"), (2, "STANDBY"));
        rig.Report(0, (0, ExecutionStatus.STARTED), (1, ExecutionStatus.STARTED), (2, ExecutionStatus.STARTED));

        rig.Monitor.Poll();

        Assert.That(rig.TopicSwitchesSent, Is.Zero);
        Assert.That(rig.Status, Is.EqualTo(PushDecision.Started));
    }

    [Test, Description("AbstractPushMonitorTest.testOnPartitionStatusChangeForHybridStore (one replica received end of push)")]
    public void A_hybrid_push_sends_its_topic_switch_once_a_replica_of_each_partition_received_end_of_push()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 1, replicationFactor: 3, hybrid: true);
        rig.View(0, (0, "LEADER"), (1, "STANDBY"), (2, "STANDBY"));
        rig.Report(0, (0, ExecutionStatus.END_OF_PUSH_RECEIVED), (1, ExecutionStatus.STARTED), (2, ExecutionStatus.STARTED));

        rig.Monitor.Poll();

        Assert.That(rig.TopicSwitchesSent, Is.EqualTo(1));
        Assert.That(rig.Status, Is.EqualTo(PushDecision.EndOfPushReceived));
    }

    [Test, Description("AbstractPushMonitorTest.testOnPartitionStatusChangeForHybridStore (another replica received end of push)")]
    public void A_hybrid_push_never_sends_its_topic_switch_twice()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 1, replicationFactor: 3, hybrid: true);
        rig.View(0, (0, "LEADER"), (1, "STANDBY"), (2, "STANDBY"));
        rig.Report(0, (0, ExecutionStatus.END_OF_PUSH_RECEIVED));
        rig.Monitor.Poll();

        rig.Report(0, (1, ExecutionStatus.END_OF_PUSH_RECEIVED));
        rig.Monitor.Poll();

        Assert.That(rig.TopicSwitchesSent, Is.EqualTo(1));
    }

    [Test, Description("AbstractPushMonitor.onExternalViewChange and checkWhetherToStartEOPProcedures (no EOP procedures for a batch store)")]
    public void A_batch_push_stays_started_when_every_partition_received_end_of_push()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 2, replicationFactor: 3);
        for (int partition = 0; partition < 2; partition++)
        {
            rig.View(partition, (0, "LEADER"), (1, "STANDBY"), (2, "STANDBY"));
            rig.Report(partition, (0, ExecutionStatus.END_OF_PUSH_RECEIVED), (1, ExecutionStatus.END_OF_PUSH_RECEIVED));
        }

        rig.Monitor.Poll();

        Assert.That(rig.Status, Is.EqualTo(PushDecision.Started));
        Assert.That(rig.TopicSwitchesSent, Is.Zero);
    }

    [Test, Description("PushStatusDecider.getPartitionStatus (ERROR compares against the instances in the view, not max(instances, R))")]
    public void A_partition_left_with_one_instance_errors_the_push_when_that_instance_errors()
    {
        var rig = new PushMonitorRig(PushStrategy.WaitNMinusOne, partitions: 1, replicationFactor: 3);
        rig.View(0, (0, "LEADER"));
        rig.Report(0, (0, ExecutionStatus.ERROR));

        rig.Monitor.Poll();

        Assert.That(rig.Status, Is.EqualTo(PushDecision.Error));
    }

    [Test, Description("PushStatusDecider.checkPushStatusAndDetailsByPartitionsStatus (END_OF_PUSH_RECEIVED needs every partition)")]
    public void The_version_decision_is_end_of_push_received_only_when_every_partition_is_past_end_of_push()
    {
        var decider = new PushStatusDecider(PushStrategy.WaitNMinusOne);

        Assert.That(PushStatusDecider.DecideVersion([PushDecision.EndOfPushReceived, PushDecision.Started]), Is.EqualTo(PushDecision.Started));
        Assert.That(PushStatusDecider.DecideVersion([PushDecision.EndOfPushReceived, PushDecision.Completed]), Is.EqualTo(PushDecision.EndOfPushReceived));
        Assert.That(decider.Tolerated, Is.EqualTo(1));
    }
}
