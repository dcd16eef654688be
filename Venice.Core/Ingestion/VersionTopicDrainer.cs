using System.Buffers;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Reporting;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// The persist path of one ingestion task (Venice's drainer): every record that reaches storage goes
/// through here, read from the local VT by a follower or handed over by a leader's produce callback.
/// DIV first, then apply, then positions; control messages drive the checkpoint, the status reports
/// and the ready-to-serve check. Venice runs a fixed drainer per partition, so per-partition order is
/// the same as here.
/// </summary>
internal sealed class VersionTopicDrainer(IngestionContext context, StoreVersion version, RecordBytes bytes,
    ReplicaStatusReporter reporter, ReadyToServeCheck readiness, PartitionCheckpointer checkpointer)
{
    private enum RecordOutcome
    {
        Applied,
        Duplicate,
        Rejected,
    }

    private long Now => context.Clock.NowMs;

    // StoreVersion.VersionTopic formats a new string per call, and the drainer names its topic at every
    // read and every scheduling query: format it once.
    private readonly string versionTopic = version.VersionTopic;

    private TopicPartition VersionTopicOf(PartitionConsumptionState state) => new(versionTopic, state.Partition);

    // Whether a record is there to read, not whether the end offset moved: a lost record at the tail
    // leaves the end offset ahead of anything readable, and must not look like work forever.
    public bool CanConsume(PartitionConsumptionState state) =>
        !state.Errored && !state.ConsumesUpstream &&
        context.Log.TryRead(VersionTopicOf(state), state.VersionTopic.NextVtOffset, out _);

    public bool HasProducedToPersist(PartitionConsumptionState state) =>
        state.Leadership.PendingPersist.Count > 0 && !state.Errored;

    /// <summary>A follower's (or pre-TOPIC_SWITCH leader's) poll of the local VT: one batch.</summary>
    public void PollVersionTopic(PartitionConsumptionState state)
    {
        var vt = state.VersionTopic;
        var topicPartition = VersionTopicOf(state);
        long first = -1;
        int applied = 0;
        int duplicates = 0;
        for (int n = 0; n < context.Options.PollBatchRecords && !state.Errored && !state.ConsumesUpstream; n++)
        {
            if (!context.Log.TryRead(topicPartition, vt.NextVtOffset, out var entry)) break;
            if (first < 0) first = entry.Offset;
            var outcome = Process(state, entry.Offset, entry.Payload);
            if (outcome == RecordOutcome.Applied) applied++;
            else if (outcome == RecordOutcome.Duplicate) duplicates++;
            vt.NextVtOffset = entry.Offset + 1;
            vt.LastVtRecordConsumedAtMs = Now;
            if (!state.Errored) vt.LastProcessedVtOffset = entry.Offset;
        }
        if (first >= 0)
        {
            context.Observer.RecordsConsumed(state.Replica, first, vt.NextVtOffset - 1, applied, duplicates);
        }
        AfterBatch(state);
    }

    /// <summary>
    /// The drainer for a leader's produced records: DIV, apply, then positions (VT offset and, from the
    /// record's leader metadata, the upstream offset), so the RT position moves only once persisted.
    /// </summary>
    public void DrainProduced(PartitionConsumptionState state, int maxRecords)
    {
        var vt = state.VersionTopic;
        var pending = state.Leadership.PendingPersist;
        long first = -1;
        int applied = 0;
        for (int n = 0; n < maxRecords && pending.Count > 0 && !state.Errored; n++)
        {
            var produced = pending.Dequeue(); // its bytes stay valid: nothing produces while the drainer runs
            if (first < 0) first = produced.VtOffset;
            applied += ProcessForeignRecordsBefore(state, produced.VtOffset);
            if (state.Errored) break;
            if (Process(state, produced.VtOffset, new ReadOnlySequence<byte>(produced.Bytes)) == RecordOutcome.Applied) applied++;
            if (!state.Errored) vt.LastProcessedVtOffset = produced.VtOffset;
            vt.NextVtOffset = produced.VtOffset + 1;
        }
        if (first >= 0) context.Observer.RecordsConsumed(state.Replica, first, vt.NextVtOffset - 1, applied, 0);
        AfterBatch(state);
    }

    /// <summary>Venice's drainer order after records: the ready-to-serve check, then the offset sync.</summary>
    public void AfterBatch(PartitionConsumptionState state)
    {
        if (state.Errored) return;
        readiness.Check(state);
        if (state.VersionTopic.BytesSinceSync >= context.Options.SyncBytesInterval) checkpointer.Checkpoint(state);
    }

    /// <summary>Records produced from now on are persisted from the produce callback: the VT position is the last record processed.</summary>
    public void ResumeAfterLastProcessed(PartitionConsumptionState state) =>
        state.VersionTopic.NextVtOffset = state.VersionTopic.LastProcessedVtOffset + 1;

    /// <summary>The VT inactivity the legacy promotion gate waits for starts over now.</summary>
    public void RestartInactivityClock(PartitionConsumptionState state) => state.VersionTopic.LastVtRecordConsumedAtMs = Now;

    /// <summary>DEFECT demote-without-drain: what the leader produced counts as processed without being persisted.</summary>
    public void TakeProducedAsProcessed(PartitionConsumptionState state, long lastProducedVtOffset)
    {
        state.Leadership.PendingPersist.Clear();
        state.Leadership.TransientRecords.Clear();
        if (lastProducedVtOffset > state.VersionTopic.LastProcessedVtOffset) state.VersionTopic.LastProcessedVtOffset = lastProducedVtOffset;
    }

    /// <summary>
    /// Records another writer landed in the local VT between this leader's own produced records (a new
    /// leader's START_OF_SEGMENT and DoL, a zombie's late writes). Venice's leader never reads them and
    /// resumes after its last produced offset when demoted, so it skips them for good and falls back on
    /// lenient DIV after EOP. The model reads them in log order from the produce callback's gap, so the
    /// leader's DIV state and storage stay those of a follower that read the whole VT (docs/write-path.md).
    /// </summary>
    private int ProcessForeignRecordsBefore(PartitionConsumptionState state, long producedOffset)
    {
        var vt = state.VersionTopic;
        int applied = 0;
        var topicPartition = VersionTopicOf(state);
        while (vt.NextVtOffset < producedOffset && !state.Errored &&
               context.Log.TryRead(topicPartition, vt.NextVtOffset, out var entry) && entry.Offset < producedOffset)
        {
            if (Process(state, entry.Offset, entry.Payload) == RecordOutcome.Applied) applied++;
            if (!state.Errored) vt.LastProcessedVtOffset = entry.Offset;
            vt.NextVtOffset = entry.Offset + 1;
        }
        return applied;
    }

    private RecordOutcome Process(PartitionConsumptionState state, long offset, in ReadOnlySequence<byte> payload)
    {
        state.VersionTopic.BytesSinceSync += payload.Length;
        // The decoded record goes straight to the method that uses it, as an argument built in place:
        // assigned to a local here, it was copied once more (a large struct, read back with wide loads
        // right after the decoder's narrow stores: a store-forwarding stall that profiling put at 14 %
        // of the follower's hot loop).
        return ProcessDecoded(state, offset, RecordCodec.Decode(payload, out DecodeStatus decodeStatus), decodeStatus);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private RecordOutcome ProcessDecoded(PartitionConsumptionState state, long offset, in VeniceRecord record, DecodeStatus decodeStatus)
    {
        var vt = state.VersionTopic;
        if (decodeStatus != DecodeStatus.Ok)
        {
            // A record that does not even decode is corrupt: a DIV error, never a crash.
            HandleDivFault(state, offset, DivResult.Corrupt);
            return RecordOutcome.Rejected;
        }
        var div = vt.DrainerDiv.Validate(record, vt.EndOfPushReceived);
        if (div == DivResult.Duplicate) return RecordOutcome.Duplicate;
        if (div != DivResult.Ok)
        {
            HandleDivFault(state, offset, div);
            if (state.Errored || !vt.EndOfPushReceived) return RecordOutcome.Rejected;
            // Venice's dummy validation moved the state past the record; when the first one had already
            // taken its sequence number, the record is a duplicate now and is skipped.
            if (div != DivResult.UnregisteredProducer && vt.DrainerDiv.Resynchronise(record) == DivResult.Duplicate)
            {
                return RecordOutcome.Duplicate;
            }
        }
        if (record.HasLeaderMetadata)
        {
            vt.LeaderHostId = record.Leader.HostId;
            if (record.Leader.UpstreamOffset >= 0) vt.UpstreamOffset = record.Leader.UpstreamOffset;
        }
        Apply(state, offset, record);
        return RecordOutcome.Applied;
    }

    private void HandleDivFault(PartitionConsumptionState state, long offset, DivResult result)
    {
        bool fatal = !state.VersionTopic.EndOfPushReceived;
        context.Observer.DivFault(state.Replica, offset, result, fatal);
        if (fatal)
        {
            // Before EOP a DIV fault fails the replica (docs/venice-write-path.md §4 "Handling").
            reporter.ReportError(state, $"DIV {result} at VT offset {offset}");
            return;
        }
        // After EOP Venice records a metric and goes on with the record; Process re-runs the validator
        // tolerantly (PartitionTracker.Resynchronise) to move past it.
    }

    private void Apply(PartitionConsumptionState state, long offset, in VeniceRecord record)
    {
        switch (record.Type)
        {
            case MessageType.Put:
                state.Storage.Put(bytes.Key(record.Key), bytes.Value(record.Value, record.Key.Length));
                Persisted(state, record);
                break;
            case MessageType.Delete:
                state.Storage.Delete(bytes.Key(record.Key));
                Persisted(state, record);
                break;
            case MessageType.Update:
                // Only a leader consuming the RT applies updates; the VT holds their results as PUTs.
                // Venice's drainer throws on an UPDATE (a VeniceMessageException, which errors the
                // partition); ignoring it would silently diverge from the replicas that never saw it.
                context.Observer.Note(context.Server.ToString(), "update-in-version-topic", $"{state.Replica} vt={offset}");
                reporter.ReportError(state, $"UPDATE record at VT offset {offset}: only a leader applies updates, from the real-time topic");
                break;
            case MessageType.Control:
                ApplyControl(state, offset, record);
                break;
        }
    }

    /// <summary>
    /// A write this leader produced is in storage now: its transient record is no longer needed, unless
    /// a later write of the key is still in flight. Another writer's records (a zombie's, say) never
    /// count: only the same host and term produced what the cache holds.
    /// </summary>
    private void Persisted(PartitionConsumptionState state, in VeniceRecord record)
    {
        var leadership = state.Leadership;
        if (!state.ConsumesUpstream || !record.HasLeaderMetadata) return;
        if (record.Leader.HostId != context.Server.Value || record.Leader.Term != leadership.Term) return;
        leadership.TransientRecords.Persisted(bytes.Key(record.Key), record.Leader.UpstreamOffset);
    }

    private void ApplyControl(PartitionConsumptionState state, long offset, in VeniceRecord record)
    {
        context.Observer.ControlMessageConsumed(state.Replica, record.ControlType, offset);
        var vt = state.VersionTopic;
        switch (record.ControlType)
        {
            case ControlMessageType.StartOfSegment:
            case ControlMessageType.EndOfSegment:
                // Segment control messages move DIV only; they do not trigger a sync.
                return;
            case ControlMessageType.DeclarationOfLeadership:
                if (record.HasLeaderMetadata)
                {
                    state.Leadership.DeclarationRead(record.Leader.HostId, context.Server.Value, record.Leader.Term, offset);
                }
                return;
            case ControlMessageType.StartOfPush:
                reporter.Report(state, ExecutionStatus.STARTED);
                break;
            case ControlMessageType.EndOfPush:
                if (vt.EndOfPushReceived) break;
                vt.EndOfPushReceived = true;
                vt.LastProcessedVtOffset = offset;
                checkpointer.Checkpoint(state);
                reporter.Report(state, ExecutionStatus.END_OF_PUSH_RECEIVED);
                readiness.Check(state);
                return;
            case ControlMessageType.TopicSwitch:
                if (!vt.EndOfPushReceived)
                {
                    // TOPIC_SWITCH must follow END_OF_PUSH (docs/venice-write-path.md §3, property 11).
                    reporter.ReportError(state, $"TOPIC_SWITCH before END_OF_PUSH at VT offset {offset}");
                    return;
                }
                vt.TopicSwitchReceived = true;
                vt.TopicSwitchSourceTopic = record.TopicSwitchSourceTopic;
                vt.RewindStartTimestampMs = record.RewindStartTimestampMs;
                state.Leadership.FollowTopicSwitch(record.TopicSwitchSourceTopic);
                vt.LastProcessedVtOffset = offset;
                checkpointer.Checkpoint(state);
                reporter.Report(state, ExecutionStatus.TOPIC_SWITCH_RECEIVED);
                readiness.Check(state);
                return;
        }
        // Any other non-segment control message triggers a sync (docs/venice-write-path.md §5).
        vt.LastProcessedVtOffset = offset;
        checkpointer.Checkpoint(state);
    }
}
