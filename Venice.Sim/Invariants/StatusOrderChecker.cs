using Venice.Core;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// status-order: per replica, every report follows the replica status transition table within an
/// incarnation (so COMPLETED never twice and never after ERROR), and COMPLETED never comes before the
/// replica has consumed END_OF_PUSH (in this incarnation or in one whose checkpoint it resumed from);
/// for a hybrid store, nor before it consumed TOPIC_SWITCH. (The lag half of the hybrid rule is the
/// ingestion task's own computation; the checker does not recompute it.)
/// </summary>
public sealed class StatusOrderChecker : WritePathObserverBase
{
    private const string Name = InvariantNames.StatusOrder;

    private readonly InvariantMonitor monitor;
    private readonly SortedDictionary<string, ReplicaHistory> replicas = new(StringComparer.Ordinal);

    private readonly Func<StoreVersion, bool> isHybrid;

    public StatusOrderChecker(InvariantMonitor monitor, Func<StoreVersion, bool> isHybrid)
    {
        this.monitor = monitor;
        this.isHybrid = isHybrid;
    }

    private sealed class ReplicaHistory
    {
        public ExecutionStatus? Last { get; set; }
        public bool EndOfPushConsumed { get; set; }
        public bool TopicSwitchConsumed { get; set; }
    }

    private ReplicaHistory HistoryOf(ReplicaId replica)
    {
        string key = replica.ToString();
        if (!replicas.TryGetValue(key, out var history))
        {
            history = new ReplicaHistory();
            replicas.Add(key, history);
        }
        return history;
    }

    public override void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint)
    {
        var history = HistoryOf(replica);
        history.Last = null;
        // A subscription without a checkpoint re-ingests from scratch: it must see EOP again.
        if (!fromCheckpoint)
        {
            history.EndOfPushConsumed = false;
            history.TopicSwitchConsumed = false;
        }
    }

    public override void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset)
    {
        var history = HistoryOf(replica);
        if (!ReplicaStatusTransitions.IsLegal(history.Last, status))
        {
            monitor.Report(Name, $"{replica} reported {status} after {history.Last?.ToString() ?? "nothing"} in the same incarnation");
        }
        if (status == ExecutionStatus.END_OF_PUSH_RECEIVED) history.EndOfPushConsumed = true;
        if (status == ExecutionStatus.TOPIC_SWITCH_RECEIVED) history.TopicSwitchConsumed = true;
        if (status == ExecutionStatus.COMPLETED && isHybrid(replica.Version) && !history.TopicSwitchConsumed)
        {
            monitor.Report(Name, $"{replica} of a hybrid store reported COMPLETED at VT offset {vtOffset} before consuming TOPIC_SWITCH");
        }
        if (status == ExecutionStatus.COMPLETED && !history.EndOfPushConsumed)
        {
            monitor.Report(Name, $"{replica} reported COMPLETED at VT offset {vtOffset} before consuming END_OF_PUSH");
        }
        history.Last = status;
    }
}
