using Venice.Core.LeaderFollower;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Producer;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// A leader's replay (docs/venice-write-path.md §2, "While LEADER"): once TOPIC_SWITCH is in and the VT has idled it
/// switches to the RT, consumes it through its own DIV and produces each data record to the local VT with
/// leader metadata; the produce callback hands what landed to the drainer, so the leader persists what it
/// produced, never by re-reading the VT.
/// </summary>
internal sealed class LeaderReplay(IngestionContext context, StoreVersion version, long versionTopicIdleDelayMs,
    RecordBytes bytes, ReplicaStatusReporter reporter, ReadyToServeCheck readiness, VersionTopicDrainer drainer)
{
    private long Now => context.Clock.NowMs;

    private string Actor => context.Server.ToString();

    public bool CanConsumeUpstream(PartitionConsumptionState state) =>
        !state.Errored && state.ConsumesUpstream && state.Leadership.PendingPersist.Count < StoreIngestionTask.MaxPendingPersist &&
        context.Log.TryRead(new TopicPartition(state.Leadership.LeaderTopic!, state.Partition), state.Leadership.NextUpstreamOffset, out _);

    /// <summary>
    /// When a leader still on the VT may switch to the RT: once the VT has idled, or, when a switch had to
    /// wait for the RT to be readable, at its retry time. Null unless such a switch is pending.
    /// </summary>
    public long? UpstreamSwitchDueAtMs(PartitionConsumptionState state)
    {
        var leadership = state.Leadership;
        if (leadership.State != LeaderFollowerState.LEADER || state.ConsumesUpstream || !state.VersionTopic.HasUpstream) return null;
        return leadership.UpstreamSwitchRetryAtMs ?? state.VersionTopic.LastVtRecordConsumedAtMs + versionTopicIdleDelayMs;
    }

    /// <summary>
    /// The produce callback (Venice's LeaderProducerCallback): queue each record the leader landed in
    /// the local VT, with its offset, for the drainer. Ignored while the replica consumes the VT itself
    /// (its DoL and a pre-TOPIC_SWITCH leader's records come back through the VT).
    /// </summary>
    public void PersistProduced(PartitionConsumptionState state, long vtOffset, ReadOnlyMemory<byte> produced)
    {
        if (!state.ConsumesUpstream || state.Errored) return;
        state.Leadership.LastProducedVtOffset = vtOffset;
        state.Leadership.PendingPersist.Enqueue(vtOffset, produced.Span);
    }

    /// <summary>
    /// Start consuming the RT named by TOPIC_SWITCH: from the last upstream position recorded in the VT
    /// (a new leader resumes where the previous one's records end), or from the rewind start if none.
    /// </summary>
    public void SwitchToUpstream(PartitionConsumptionState state)
    {
        var leadership = state.Leadership;
        string upstream = state.VersionTopic.TopicSwitchSourceTopic!;
        var upstreamPartition = new TopicPartition(upstream, state.Partition);
        long? start = context.Options.Defects.ResumeRtFromLatest
            ? context.Log.EndOffset(upstreamPartition) // DEFECT resume-rt-from-latest
            : state.VersionTopic.UpstreamOffset >= 0
                ? state.VersionTopic.UpstreamOffset + 1
                : RewindStartOffset(upstreamPartition, state.VersionTopic.RewindStartTimestampMs);
        if (start is null)
        {
            // The RT could not be read to find the rewind start (Kafka's offsetsForTimes failed): stay on
            // the VT and try again, rather than guess an offset and skip real-time writes.
            leadership.LeaderTopic = version.VersionTopic;
            leadership.UpstreamSwitchRetryAtMs = Now + StoreIngestionTask.UpstreamSwitchRetryIntervalMs;
            context.Observer.Note(Actor, "rewind-start-unknown", $"{state.Replica} {upstream} retry at {leadership.UpstreamSwitchRetryAtMs}");
            return;
        }
        leadership.UpstreamSwitchRetryAtMs = null;
        leadership.LeaderTopic = upstream;
        leadership.NextUpstreamOffset = start.Value;
        drainer.ResumeAfterLastProcessed(state);
        context.Observer.Note(Actor, "leader-consumes-upstream", $"{state.Replica} {upstream} from={leadership.NextUpstreamOffset}");
        readiness.Check(state);
    }

    /// <summary>
    /// A leader's RT poll: leader DIV drops duplicates; data records are produced to the local VT with
    /// leader metadata (host, upstream offset, term), UPDATEs as the PUT of their result, and persisted
    /// from the produce callback; the RT producers' own segment control messages are not forwarded.
    /// </summary>
    public void PollUpstream(PartitionConsumptionState state)
    {
        var leadership = state.Leadership;
        var upstream = new TopicPartition(leadership.LeaderTopic!, state.Partition);
        var writer = leadership.Writer!;
        var div = leadership.ConsumerDiv!;
        long first = -1;
        int produced = 0;
        int duplicates = 0;
        for (int n = 0; n < context.Options.LeaderBatchRecords && !state.Errored; n++)
        {
            if (!context.Log.TryRead(upstream, leadership.NextUpstreamOffset, out var entry)) break;
            if (first < 0) first = entry.Offset;
            var record = RecordCodec.Decode(entry.Payload, out DecodeStatus decodeStatus);
            if (decodeStatus != DecodeStatus.Ok)
            {
                context.Observer.DivFault(state.Replica, entry.Offset, DivResult.Corrupt, fatal: false);
                leadership.NextUpstreamOffset = entry.Offset + 1;
                continue;
            }
            // The leader reads the RT only after its TOPIC_SWITCH, so past END_OF_PUSH: the first record from a
            // producer this leader never saw opens a segment and is accepted (docs/venice-write-path.md §4), as a
            // new leader starts mid-stream.
            var result = div.Validate(record, state.VersionTopic.EndOfPushReceived);
            if (result != DivResult.Ok && result != DivResult.Duplicate)
            {
                // Upstream faults after END_OF_PUSH: record them and re-run the validator tolerantly, as
                // Venice's StoreIngestionTask.validateMessage does (UNREGISTERED_PRODUCER is not re-run).
                context.Observer.DivFault(state.Replica, entry.Offset, result, fatal: false);
                if (result != DivResult.UnregisteredProducer) result = div.Resynchronise(record);
                else result = DivResult.Ok;
            }
            if (result == DivResult.Duplicate)
            {
                duplicates++;
                leadership.NextUpstreamOffset = entry.Offset + 1;
                continue;
            }
            if (record.IsData)
            {
                writer.SetLeaderMetadata(new LeaderMetadata(context.Server.Value, entry.Offset, leadership.Term));
                var outcome = ProduceData(state, writer, record, entry.Offset);
                if (!outcome.Succeeded)
                {
                    // The producer gave up after its retries; the record may or may not have landed and its
                    // sequence number is spent. Venice rethrows a leader's persistence failure: the partition
                    // errors, and Helix moves leadership to another replica.
                    reporter.ReportError(state, $"leader could not produce RT offset {entry.Offset} to the VT: {outcome.Status}");
                    break;
                }
                produced++;
            }
            leadership.NextUpstreamOffset = entry.Offset + 1;
        }
        // The note is formatted only for an observer that records it: a string per batch is the leader's
        // only per-batch allocation otherwise.
        if (first >= 0 && context.Observer is not NullWritePathObserver)
        {
            context.Observer.Note(Actor, "leader-replay",
                $"{state.Replica} rt=[{first},{leadership.NextUpstreamOffset - 1}] produced={produced} duplicates={duplicates}");
        }
        drainer.AfterBatch(state);
    }

    /// <summary>
    /// Produces one RT data record to the VT: a PUT or DELETE as it is; an UPDATE as the PUT of its result
    /// (followers never see UPDATEs). The update starts from the key's latest value: the leader's own
    /// write still in flight if there is one (<see cref="LeadershipState.TransientRecords"/>), else
    /// storage, else empty. Every write the leader lands is remembered there until the drainer persists it.
    /// </summary>
    private ProduceResult ProduceData(PartitionConsumptionState state, VeniceWriter writer, in VeniceRecord record, long upstreamOffset)
    {
        var transient = state.Leadership.TransientRecords;
        ReadOnlySpan<byte> key = bytes.Key(record.Key);
        switch (record.Type)
        {
            case MessageType.Put:
            {
                ReadOnlySpan<byte> value = bytes.Value(record.Value, record.Key.Length);
                var outcome = writer.Put(state.Partition, key, value);
                if (outcome.Succeeded) transient.Produced(key, value, deleted: false, upstreamOffset);
                return outcome;
            }
            case MessageType.Delete:
            {
                var outcome = writer.Delete(state.Partition, key);
                if (outcome.Succeeded) transient.Produced(key, [], deleted: true, upstreamOffset);
                return outcome;
            }
            default:
            {
                // The codec validated the payload, so Apply cannot reject it.
                byte[] result = PartialUpdate.Apply(CurrentValue(state, key), bytes.Value(record.Value, record.Key.Length));
                var outcome = writer.Put(state.Partition, key, result);
                if (outcome.Succeeded) transient.Produced(key, result, deleted: false, upstreamOffset);
                return outcome;
            }
        }
    }

    /// <summary>The key's latest value as the leader knows it: in flight, else in storage; empty when absent or deleted.</summary>
    private ReadOnlySpan<byte> CurrentValue(PartitionConsumptionState state, ReadOnlySpan<byte> key)
    {
        if (state.Leadership.TransientRecords.TryGet(key, out byte[]? inFlight)) return inFlight;
        return state.Storage.TryGet(key, out var value) ? value.Span : [];
    }

    /// <summary>
    /// The first RT offset whose producer timestamp is at or after the rewind start; the end offset if
    /// no record is that recent; null if the RT below its end offset cannot be read now (the server is
    /// cut off from the log).
    /// </summary>
    private long? RewindStartOffset(TopicPartition upstream, long rewindStartMs)
    {
        long offset = 0;
        long end = context.Log.EndOffset(upstream);
        while (offset < end)
        {
            if (!context.Log.TryRead(upstream, offset, out var entry)) return null;
            var record = RecordCodec.Decode(entry.Payload, out DecodeStatus decodeStatus);
            if (decodeStatus == DecodeStatus.Ok &&
                record.Producer.TimestampMs >= rewindStartMs)
            {
                return entry.Offset;
            }
            offset = entry.Offset + 1;
        }
        return end;
    }
}
