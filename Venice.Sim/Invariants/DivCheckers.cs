using Venice.Core;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Core.Validation;
using Venice.Sim.Faults;
using Venice.Sim.Scenarios;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// no-false-div: DIV reports a fault only where the simulation destroyed a log record (on the replica's
/// VT partition, or on the RT partition its leader replays).
/// div-catches-loss: a replica whose VT partition lost or corrupted a record it has consumed never
/// reports COMPLETED without having reported a DIV fault for it.
/// </summary>
public sealed class DivCheckers(InvariantMonitor monitor, InjectedLogFaults faults, Venice.Core.Log.ILog log) : WritePathObserverBase
{
    private readonly SortedSet<string> replicasThatSawFaults = new(StringComparer.Ordinal);

    private static TopicPartition VersionTopic(ReplicaId replica) => new(replica.Version.VersionTopic, replica.Partition);

    private static TopicPartition RealTimeTopic(ReplicaId replica) => new(replica.Version.RealTimeTopic, replica.Partition);

    public override void DivFault(ReplicaId replica, long vtOffset, DivResult result, bool fatal)
    {
        replicasThatSawFaults.Add(replica.ToString());
        if (!faults.Any(VersionTopic(replica)) && !faults.Any(RealTimeTopic(replica)))
        {
            monitor.Report(InvariantNames.NoFalseDiv,
                $"{replica} reported DIV {result} at offset {vtOffset} but no log record of its partition was lost or corrupted");
        }
    }

    public override void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint)
    {
        // A fresh ingestion from offset 0 must catch the loss again.
        if (!fromCheckpoint) replicasThatSawFaults.Remove(replica.ToString());
    }

    public override void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset)
    {
        if (status != ExecutionStatus.COMPLETED) return;
        var partition = VersionTopic(replica);
        // Only a loss DIV can see by then counts: a lost last record of a producer segment leaves no gap behind it.
        if (faults.AnyAtOrBefore(partition, vtOffset)
            && faults.AnyVisibleAtOrBefore(partition, vtOffset, at => InjectedLogFaults.SegmentOf(log, partition, at),
                at => InjectedLogFaults.EndOfPushBefore(log, partition, at))
            && !replicasThatSawFaults.Contains(replica.ToString()))
        {
            monitor.Report(InvariantNames.DivCatchesLoss,
                $"{replica} reported COMPLETED through VT offset {vtOffset} although a record it consumed was lost or corrupted, and DIV never noticed");
        }
    }
}
