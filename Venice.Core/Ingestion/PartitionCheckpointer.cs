using System.Buffers;

namespace Venice.Core.Ingestion;

/// <summary>
/// Writes a partition's OffsetRecord in Venice's sync order (docs/venice-write-path.md §5): copy the DIV state and
/// positions, sync storage, then write the OffsetRecord. An errored replica never checkpoints.
/// </summary>
internal sealed class PartitionCheckpointer(IngestionContext context, ReadyToServeCheck readiness)
{
    public void Checkpoint(PartitionConsumptionState state)
    {
        if (state.Errored) return;
        var vt = state.VersionTopic;
        var divState = new ArrayBufferWriter<byte>();
        vt.DrainerDiv.WriteTo(divState);
        var record = new OffsetRecord(vt.LastProcessedVtOffset, vt.EndOfPushReceived, vt.TopicSwitchReceived,
            vt.UpstreamOffset, vt.TopicSwitchSourceTopic ?? state.Leadership.LeaderTopic, vt.LeaderHostId, divState.WrittenSpan.ToArray())
        {
            RewindStartTimestampMs = vt.RewindStartTimestampMs,
            ReadyToServe = state.Completed,
            OffsetLag = readiness.CheckpointedOffsetLag(state),
        };
        if (context.Options.Defects.CheckpointBeforeSync) // DEFECT checkpoint-before-sync: steps 2 and 4 swapped
        {
            WriteOffsetRecord(state, record);
            SyncStorage(state);
        }
        else
        {
            SyncStorage(state);
            WriteOffsetRecord(state, record);
        }
        vt.BytesSinceSync = 0;
    }

    private void SyncStorage(PartitionConsumptionState state)
    {
        state.Storage.Sync();
        context.Observer.StorageSynced(state.Replica, state.VersionTopic.LastProcessedVtOffset);
    }

    private void WriteOffsetRecord(PartitionConsumptionState state, OffsetRecord record)
    {
        state.Storage.PutMetadata(OffsetRecord.MetadataKey, record.Encode());
        context.Observer.CheckpointWritten(state.Replica, state.VersionTopic.LastProcessedVtOffset, state.VersionTopic.EndOfPushReceived);
    }
}
