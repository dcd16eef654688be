using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Controller;

/// <summary>The push monitor moves a push's status only along <see cref="PushStatusTransitions"/>.</summary>
public sealed class PushStatusAssertionTests
{
    private static readonly StoreVersion Version = new("store", 1);

    [TestCase(PushDecision.EndOfPushReceived, PushDecision.Started)]
    [TestCase(PushDecision.Completed, PushDecision.Error)]
    [TestCase(PushDecision.Error, PushDecision.Completed)]
    [TestCase(PushDecision.Started, PushDecision.Started)]
    public void An_illegal_push_status_transition_is_an_assertion_failure_naming_it(PushDecision from, PushDecision to)
    {
        var failure = Assert.Throws<WritePathAssertionException>(() => PushStatusTransitions.Require(Version, from, to));

        Assert.That(failure!.Message, Does.Contain($"{from} -> {to}").And.Contain(Version.VersionTopic));
    }

    [Test]
    public void A_push_whose_replicas_report_started_again_stays_at_end_of_push_received()
    {
        var metadata = new InMemoryMetadataStore();
        var monitor = new PushMonitor(metadata, NullWritePathObserver.Instance, PushStrategy.WaitAll);
        monitor.StartPush(Version, partitions: 1, replicationFactor: 1);
        metadata.Create(MetadataPaths.ExternalViewReplica(Version, 0, new ServerId(0)), "LEADER");
        SetStatus(metadata, ExecutionStatus.END_OF_PUSH_RECEIVED);
        monitor.Poll();

        // The replica restarted: its latest report is STARTED, so the decider says STARTED again.
        SetStatus(metadata, ExecutionStatus.STARTED);
        monitor.Poll();

        Assert.That(monitor.StatusOf(Version), Is.EqualTo(PushDecision.EndOfPushReceived));
    }

    private static void SetStatus(InMemoryMetadataStore metadata, ExecutionStatus status)
    {
        var map = new ReplicaStatusMap();
        map.Set(new ServerId(0), status);
        string path = MetadataPaths.PartitionPushStatus(Version, 0);
        if (metadata.TryGet(path, out var node)) metadata.SetData(path, map.Encode(), node.Version);
        else metadata.Create(path, map.Encode());
    }
}
