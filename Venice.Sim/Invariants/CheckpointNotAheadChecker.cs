using Venice.Core;
using Venice.Core.Observability;
using Venice.Sim.Scenarios;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// checkpoint-not-ahead: when an OffsetRecord is written, everything it covers must already be durable.
/// The checker asks the storage engine itself (writes not yet synced), not the ingestion task's claims.
/// </summary>
public sealed class CheckpointNotAheadChecker(InvariantMonitor monitor, Func<ReplicaId, int> unsyncedKeys) : WritePathObserverBase
{
    public override void CheckpointWritten(ReplicaId replica, long throughVtOffset, bool endOfPush)
    {
        int unsynced = unsyncedKeys(replica);
        if (unsynced > 0)
        {
            monitor.Report(InvariantNames.CheckpointNotAhead,
                $"{replica} wrote an OffsetRecord through VT offset {throughVtOffset} while {unsynced} written key(s) were not yet durable");
        }
    }
}
