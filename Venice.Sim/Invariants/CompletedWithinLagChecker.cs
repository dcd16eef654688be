using Venice.Core;
using Venice.Core.LeaderFollower;
using Venice.Core.Log;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// completed-within-lag: a hybrid replica that reports COMPLETED as a STANDBY has its version topic no more
/// than max(offsetLagThresholdToGoOnline / partitions, 1) records ahead of it (Venice §6 "COMPLETED"); a
/// replica resumed from a checkpoint may use Venice's fast ready-to-serve path, which allows a lag grown by
/// less than twice the threshold since a ready checkpoint, so three times the threshold there. The checker
/// measures the lag itself, from the log's end and the replica's next VT offset, so an ingestion task that
/// skips its lag check is caught. A leader's readiness is measured against the RT and is not checked here.
/// </summary>
internal sealed class CompletedWithinLagChecker(InvariantMonitor monitor, CheckedWorld world) : WritePathObserverBase
{
    private readonly SortedSet<string> resumedFromCheckpoint = new(StringComparer.Ordinal);

    public override void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint)
    {
        if (fromCheckpoint) resumedFromCheckpoint.Add(replica.ToString());
        else resumedFromCheckpoint.Remove(replica.ToString());
    }

    public override void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset)
    {
        if (status != ExecutionStatus.COMPLETED) return;
        var runtime = world.VersionOf(replica.Version);
        if (runtime is null || !runtime.Store.Setup.Hybrid) return;
        var state = world.ReplicasOf(replica.Version, replica.Partition).FirstOrDefault(s => s.Replica == replica);
        if (state is null || state.LeaderFollowerState != LeaderFollowerState.STANDBY) return;
        long threshold = Math.Max(runtime.Store.Setup.OffsetLagThresholdToGoOnline / Math.Max(runtime.Store.Setup.Partitions, 1), 1);
        bool fastPath = resumedFromCheckpoint.Contains(replica.ToString());
        long allowed = fastPath ? 3 * threshold : threshold;
        long lag = Math.Max(0, world.EndOffset(new TopicPartition(replica.Version.VersionTopic, replica.Partition)) - state.NextVtOffset);
        if (lag > allowed)
        {
            monitor.Report(InvariantNames.CompletedWithinLag,
                $"{replica} reported COMPLETED as a STANDBY {lag} records behind the end of its version topic; at most {allowed} allowed{(fastPath ? " (fast ready-to-serve after a restart)" : "")}");
        }
    }
}
