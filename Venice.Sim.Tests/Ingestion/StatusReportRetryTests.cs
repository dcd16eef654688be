using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>A notifier whose metadata store can be made unreachable: every report fails while it is down.</summary>
internal sealed class UnreachableNotifier(PushStatusNotifier inner) : IIngestionNotifier
{
    public bool Down { get; set; }
    public List<string> Attempts { get; } = new();

    public bool Started(ReplicaId replica) => Record("STARTED") && inner.Started(replica);
    public bool EndOfPushReceived(ReplicaId replica, long vtOffset) => Record("END_OF_PUSH_RECEIVED") && inner.EndOfPushReceived(replica, vtOffset);
    public bool TopicSwitchReceived(ReplicaId replica, long vtOffset) => Record("TOPIC_SWITCH_RECEIVED") && inner.TopicSwitchReceived(replica, vtOffset);
    public bool Completed(ReplicaId replica, long vtOffset) => Record("COMPLETED") && inner.Completed(replica, vtOffset);
    public bool Error(ReplicaId replica, string message) => Record("ERROR") && inner.Error(replica, message);
    public void Dropped(ReplicaId replica) => inner.Dropped(replica);

    private bool Record(string status)
    {
        Attempts.Add(Down ? $"{status} failed" : status);
        return !Down;
    }
}

public sealed class StatusReportRetryTests
{
    private static readonly StoreVersion Version = IngestionHarness.Version;

    private static ExecutionStatus? CustomizedView(IngestionHarness h) =>
        h.Metadata.TryGet(MetadataPaths.CustomizedViewReplica(Version, 0, new ServerId(0)), out var node)
            ? Enum.Parse<ExecutionStatus>(node.Data)
            : null;

    [Test]
    public void A_completed_report_the_metadata_store_did_not_take_is_retried_until_it_lands()
    {
        var h = new IngestionHarness();
        var notifier = new UnreachableNotifier(new PushStatusNotifier(h.Metadata)) { Down = true };
        h.Push(records: 20);
        h.StartReplica(notifier: notifier);

        h.RunUntilIdle();
        Assert.That(CustomizedView(h), Is.Null, "nothing can land while the metadata store is unreachable");
        Assert.That(h.Task.NextDeadlineMs, Is.EqualTo(h.Clock.NowMs + StoreIngestionTask.ReportRetryIntervalMs));

        notifier.Down = false;
        h.Clock.AdvanceTo(h.Task.NextDeadlineMs!.Value);
        h.RunUntilIdle();

        Assert.That(CustomizedView(h), Is.EqualTo(ExecutionStatus.COMPLETED));
        Assert.That(notifier.Attempts[^1], Is.EqualTo("COMPLETED"));
        Assert.That(h.Task.NextDeadlineMs, Is.Null, "a report that landed is not retried");
    }

    [Test]
    public void Only_the_latest_status_is_retried_so_a_report_never_moves_the_views_backwards()
    {
        var h = new IngestionHarness();
        var notifier = new UnreachableNotifier(new PushStatusNotifier(h.Metadata)) { Down = true };
        h.Push(records: 20);
        h.StartReplica(notifier: notifier);

        h.RunUntilIdle();
        notifier.Down = false;
        h.Clock.AdvanceTo(h.Task.NextDeadlineMs!.Value);
        h.RunUntilIdle();

        Assert.That(notifier.Attempts, Is.EqualTo(new[]
        {
            "STARTED failed", "END_OF_PUSH_RECEIVED failed", "COMPLETED failed", "COMPLETED",
        }));
    }
}
