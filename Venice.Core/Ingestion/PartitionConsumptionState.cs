using Venice.Core.Storage;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// One partition's ingestion state inside a store ingestion task (Venice's PartitionConsumptionState).
/// Lives from subscription to unsubscription; a crash loses it, and the next subscription rebuilds it
/// from the checkpoint (OffsetRecord) in storage.
/// </summary>
public sealed class PartitionConsumptionState
{
    public PartitionConsumptionState(ReplicaId replica, IStoragePartition storage, PartitionTracker drainerDiv)
    {
        Replica = replica;
        Storage = storage;
        DrainerDiv = drainerDiv;
    }

    public ReplicaId Replica { get; }

    public int Partition => Replica.Partition;

    public IStoragePartition Storage { get; }

    /// <summary>The drainer's DIV state; checkpointed with the offset.</summary>
    public PartitionTracker DrainerDiv { get; private set; }

    /// <summary>Next VT offset to read.</summary>
    public long NextVtOffset { get; set; }

    /// <summary>Last VT offset whose record was processed (applied, skipped or rejected); -1 before any.</summary>
    public long LastProcessedVtOffset { get; set; } = -1;

    public bool EndOfPushReceived { get; set; }

    public bool TopicSwitchReceived { get; set; }

    public bool Completed { get; set; }

    /// <summary>An errored replica stops consuming and never checkpoints again.</summary>
    public bool Errored { get; set; }

    /// <summary>Bytes processed since the last checkpoint (drives syncBytesInterval).</summary>
    public long BytesSinceSync { get; set; }

    /// <summary>Incremented by every leader/standby transition; stale actions are no-ops.</summary>
    public long SessionId { get; set; }

    public void ReplaceDrainerDiv(PartitionTracker tracker) => DrainerDiv = tracker;
}
