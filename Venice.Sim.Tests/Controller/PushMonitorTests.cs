using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Controller;

public sealed class PushMonitorTests
{
    private static readonly StoreVersion Version = new("store", 1);

    private static void Report(InMemoryMetadataStore metadata, params (int Server, ExecutionStatus Status)[] entries)
    {
        var map = new ReplicaStatusMap();
        foreach (var (server, status) in entries) map.Set(new ServerId(server), status);
        string path = MetadataPaths.PartitionPushStatus(Version, 0);
        if (metadata.TryGet(path, out var node)) metadata.SetData(path, map.Encode(), node.Version);
        else metadata.Create(path, map.Encode());
    }

    private static void ExternalView(InMemoryMetadataStore metadata, params (int Server, string State)[] replicas)
    {
        foreach (var (server, state) in replicas)
        {
            metadata.Create(MetadataPaths.ExternalViewReplica(Version, 0, new ServerId(server)), state);
        }
    }

    [Test]
    public void Completed_reports_from_servers_no_longer_in_the_external_view_do_not_count_toward_online()
    {
        var metadata = new InMemoryMetadataStore();
        var monitor = new PushMonitor(metadata, NullWritePathObserver.Instance, PushStrategy.WaitNMinusOne);
        monitor.StartPush(Version, partitions: 1, replicationFactor: 3);
        // Servers 1 and 2 completed and then crashed: the push status still says COMPLETED for them.
        Report(metadata, (0, ExecutionStatus.COMPLETED), (1, ExecutionStatus.COMPLETED), (2, ExecutionStatus.COMPLETED));
        ExternalView(metadata, (0, "LEADER"), (3, "STANDBY"));

        monitor.Poll();

        Assert.That(monitor.StatusOf(Version), Is.Not.EqualTo(PushDecision.Completed));
    }

    [Test]
    public void The_same_reports_from_servers_in_the_external_view_turn_the_push_completed()
    {
        var metadata = new InMemoryMetadataStore();
        var monitor = new PushMonitor(metadata, NullWritePathObserver.Instance, PushStrategy.WaitNMinusOne);
        monitor.StartPush(Version, partitions: 1, replicationFactor: 3);
        Report(metadata, (0, ExecutionStatus.COMPLETED), (1, ExecutionStatus.COMPLETED), (2, ExecutionStatus.STARTED));
        ExternalView(metadata, (0, "LEADER"), (1, "STANDBY"), (2, "STANDBY"));

        monitor.Poll();

        Assert.That(monitor.StatusOf(Version), Is.EqualTo(PushDecision.Completed));
    }
}
