using System.Buffers;
using Venice.Core.Helix;
using Venice.Core.LeaderFollower;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// One store-version's ingestion on one server (Venice's LeaderFollowerStoreIngestionTask): a queue of
/// consumer actions from Helix transitions and one PartitionConsumptionState per subscribed partition.
/// Each <see cref="Step"/> does one bounded unit of Venice's SIT loop (WRITE_PATH.md §3): run one queued
/// action, or advance one long-running check (the promotion gate, a leader's switch to the RT), or poll
/// one batch for one partition. A follower (and a leader before TOPIC_SWITCH) consumes the local VT; a
/// leader after TOPIC_SWITCH consumes the RT and produces to the local VT, persisting what it produced
/// from the produce callback. Venice splits this across consumer, drainer and producer threads with a
/// fixed drainer per partition, so per-partition order is the same as here.
/// </summary>
public sealed class StoreIngestionTask
{
    /// <summary>Venice retries a failing consumer action 5 times before the replica goes to ERROR.</summary>
    public const int MaxActionAttempts = 5;

    /// <summary>Bound on queued actions; Helix never has more than a few in flight per partition.</summary>
    public const int MaxQueuedActions = 4096;

    /// <summary>A leader stops replaying the RT while this many produced records wait for the drainer.</summary>
    public const int MaxPendingPersist = 1000;

    /// <summary>How long a replica waits before retrying a status report the metadata store did not take.</summary>
    public const long ReportRetryIntervalMs = 1_000;

    /// <summary>How long a leader waits before retrying a switch to the RT whose rewind start it could not read.</summary>
    public const long UpstreamSwitchRetryIntervalMs = 1_000;

    private readonly IngestionContext context;
    private readonly StoreConfig store;
    private readonly SortedDictionary<int, PartitionConsumptionState> partitions = new();
    private readonly SortedSet<ConsumerAction> actions = new(ConsumerActionOrder.Instance);
    private readonly SortedDictionary<int, long> sessionIds = new();
    private readonly SortedDictionary<int, long> pendingTerms = new();
    private long nextActionSequence;
    private int pollCursor;
    private byte[] scratch = new byte[256];

    public StoreIngestionTask(StoreVersion version, IngestionContext context)
    {
        Version = version;
        this.context = context;
        store = context.Stores.Get(version.Store);
        VersionTopicPartitionCount = context.Log.PartitionCount(version.VersionTopic);
    }

    public StoreVersion Version { get; }

    public int VersionTopicPartitionCount { get; }

    public IReadOnlyCollection<int> SubscribedPartitions => partitions.Keys;

    public bool TryGetPartition(int partition, out PartitionConsumptionState state) =>
        partitions.TryGetValue(partition, out state!);

    private long Now => context.Clock.NowMs;

    private Defects.SeededDefects Defects => context.Options.Defects;

    private string Actor => context.Server.ToString();

    // ---- entry points from Helix ------------------------------------------------------------------

    /// <summary>Queues a consumer action (called by the Helix transition handlers).</summary>
    public void Enqueue(ConsumerActionType type, int partition)
    {
        if (actions.Count >= MaxQueuedActions)
        {
            throw new InvalidOperationException($"consumer action queue of {Version} is full ({MaxQueuedActions})");
        }
        sessionIds.TryGetValue(partition, out long session);
        actions.Add(new ConsumerAction(type, partition, nextActionSequence++, session));
    }

    /// <summary>Helix STANDBY→LEADER: bump the partition's session and queue STANDBY_TO_LEADER with the term.</summary>
    public void PromoteToLeader(int partition, long term)
    {
        BumpSession(partition);
        pendingTerms[partition] = term;
        Enqueue(ConsumerActionType.StandbyToLeader, partition);
    }

    /// <summary>Helix LEADER→STANDBY: bump the partition's session and queue LEADER_TO_STANDBY.</summary>
    public void DemoteToStandby(int partition)
    {
        BumpSession(partition);
        Enqueue(ConsumerActionType.LeaderToStandby, partition);
    }

    private void BumpSession(int partition)
    {
        sessionIds.TryGetValue(partition, out long session);
        sessionIds[partition] = session + 1;
    }

    /// <summary>The replica's progress as Helix's participant sees it.</summary>
    public ReplicaProgress ProgressOf(int partition)
    {
        if (!partitions.TryGetValue(partition, out var state))
        {
            return actions.Any(a => a.Partition == partition && a.Type == ConsumerActionType.Subscribe)
                ? ReplicaProgress.Ingesting
                : ReplicaProgress.NotHosted;
        }
        if (state.Errored) return ReplicaProgress.Errored;
        return state.Completed ? ReplicaProgress.Completed : ReplicaProgress.Ingesting;
    }

    // ---- scheduling -------------------------------------------------------------------------------

    /// <summary>True when a step would do something. Reads state only.</summary>
    public bool HasWork
    {
        get
        {
            if (actions.Count > 0) return true;
            foreach (var state in partitions.Values)
            {
                if (ReportRetryDue(state)) return true;
                if (state.Errored) continue;
                if (LongRunningCheckDue(state) || CanConsumeVersionTopic(state) || CanConsumeUpstream(state) ||
                    state.PendingPersist.Count > 0)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The earliest time a waiting partition's promotion gate or topic switch may open.</summary>
    public long? NextDeadlineMs
    {
        get
        {
            long? next = null;
            foreach (var state in partitions.Values)
            {
                if (state.UnrecordedReport is { } report && (next is null || report.RetryAtMs < next)) next = report.RetryAtMs;
                if (state.Errored) continue;
                long? due = LongRunningCheckTime(state);
                if (due is { } at && (next is null || at < next)) next = at;
            }
            return next;
        }
    }

    /// <summary>Runs one queued action, one due long-running check, or one poll. Returns whether anything happened.</summary>
    public bool Step()
    {
        if (actions.Count > 0)
        {
            var action = actions.Min!;
            actions.Remove(action);
            RunAction(action);
            return true;
        }
        foreach (var state in partitions.Values)
        {
            if (ReportRetryDue(state))
            {
                RetryReport(state);
                return true;
            }
        }
        foreach (var state in partitions.Values)
        {
            if (!state.Errored && LongRunningCheckDue(state))
            {
                RunLongRunningCheck(state);
                return true;
            }
        }
        return PollOnePartition();
    }

    // Whether a record is there to read, not whether the end offset moved: a lost record at the tail
    // leaves the end offset ahead of anything readable, and must not look like work forever.
    private bool CanConsumeVersionTopic(PartitionConsumptionState state) =>
        !state.Errored && !state.ConsumesUpstream &&
        context.Log.TryRead(new TopicPartition(Version.VersionTopic, state.Partition), state.NextVtOffset, out _);

    private bool CanConsumeUpstream(PartitionConsumptionState state) =>
        !state.Errored && state.ConsumesUpstream && state.PendingPersist.Count < MaxPendingPersist &&
        context.Log.TryRead(new TopicPartition(state.LeaderTopic!, state.Partition), state.NextUpstreamOffset, out _);

    // ---- consumer actions -------------------------------------------------------------------------

    private void RunAction(ConsumerAction action)
    {
        action.Attempts++;
        bool done = action.Type switch
        {
            ConsumerActionType.Subscribe => Subscribe(action.Partition),
            ConsumerActionType.Unsubscribe => Unsubscribe(action.Partition, "unsubscribe"),
            ConsumerActionType.DropPartition => DropPartition(action.Partition),
            ConsumerActionType.Kill => KillAll(),
            ConsumerActionType.StandbyToLeader => StandbyToLeader(action),
            ConsumerActionType.LeaderToStandby => LeaderToStandby(action),
            _ => throw new InvalidOperationException($"unknown action {action.Type}"),
        };
        if (done) return;
        if (action.Attempts < MaxActionAttempts)
        {
            actions.Add(action);
            return;
        }
        if (partitions.TryGetValue(action.Partition, out var state))
        {
            ReportError(state, $"{action.Type} failed {MaxActionAttempts} times");
        }
    }

    private bool IsStale(ConsumerAction action) =>
        sessionIds.TryGetValue(action.Partition, out long current) && current != action.SessionId;

    private bool Subscribe(int partition)
    {
        if (partitions.ContainsKey(partition)) return true;
        var replica = new ReplicaId(Version, partition, context.Server);
        var storage = context.Storage.OpenPartition(Version, partition);
        PartitionConsumptionState state;
        bool fromCheckpoint = false;
        OffsetRecord checkpoint = OffsetRecord.Empty;
        if (storage.TryGetMetadata(OffsetRecord.MetadataKey, out var stored) &&
            OffsetRecord.TryDecode(stored, out checkpoint) &&
            PartitionTracker.TryReadFrom(checkpoint.ProducerStates, out var restoredDiv, Defects.DivIgnoresGaps))
        {
            // Restart (WRITE_PATH.md §5): restore the DIV state and resume *after* the checkpoint.
            state = new PartitionConsumptionState(replica, storage, restoredDiv)
            {
                NextVtOffset = checkpoint.LastProcessedVtOffset + 1,
                LastProcessedVtOffset = checkpoint.LastProcessedVtOffset,
                EndOfPushReceived = checkpoint.EndOfPushReceived,
                TopicSwitchReceived = checkpoint.TopicSwitchReceived,
                UpstreamOffset = checkpoint.UpstreamOffset,
                LeaderTopic = checkpoint.LeaderTopic,
                LeaderHostId = checkpoint.LeaderHostId,
                TopicSwitchSourceTopic = checkpoint.TopicSwitchReceived ? checkpoint.LeaderTopic : null,
                RewindStartTimestampMs = checkpoint.RewindStartTimestampMs,
            };
            fromCheckpoint = true;
        }
        else
        {
            state = new PartitionConsumptionState(replica, storage, new PartitionTracker(ignoreGaps: Defects.DivIgnoresGaps)); // DEFECT div-ignores-gaps
        }
        state.LastVtRecordConsumedAtMs = Now;
        partitions.Add(partition, state);
        context.Observer.ReplicaSubscribed(replica, state.NextVtOffset, fromCheckpoint);
        if (fromCheckpoint)
        {
            // Venice reports STARTED again on restart, then runs the ready-to-serve check.
            Report(state, ExecutionStatus.STARTED);
            if (FastReadyToServe(state, checkpoint))
            {
                state.Completed = true;
                Report(state, ExecutionStatus.COMPLETED);
            }
            CheckReadyToServe(state);
        }
        return true;
    }

    private bool Unsubscribe(int partition, string reason)
    {
        if (partitions.Remove(partition, out var state))
        {
            context.Observer.ReplicaUnsubscribed(state.Replica, reason);
        }
        return true;
    }

    /// <summary>DROP_PARTITION: stop, delete the replica's data and its customized-view entry.</summary>
    private bool DropPartition(int partition)
    {
        Unsubscribe(partition, "drop");
        context.Storage.DropPartition(Version, partition);
        context.Notifier.Dropped(new ReplicaId(Version, partition, context.Server));
        return true;
    }

    private bool KillAll()
    {
        foreach (int partition in partitions.Keys.ToArray()) Unsubscribe(partition, "kill");
        return true;
    }

    /// <summary>
    /// STANDBY_TO_LEADER (WRITE_PATH.md §2): skipped if the session is stale, the PCS is gone or the
    /// replica is not STANDBY. Otherwise produce a Declaration of Leadership to the local VT and enter
    /// IN_TRANSITION_FROM_STANDBY_TO_LEADER, still consuming the VT as a follower until the gate opens.
    /// </summary>
    private bool StandbyToLeader(ConsumerAction action)
    {
        if (IsStale(action) || !partitions.TryGetValue(action.Partition, out var state) ||
            state.LeaderFollowerState != LeaderFollowerState.STANDBY || state.Errored)
        {
            return true;
        }
        long term = pendingTerms.TryGetValue(action.Partition, out long t) ? t : Now;
        var writer = new VeniceWriter(context.Log, Version.VersionTopic, context.Random.NextProducerGuid(),
            context.Options.Checksum, context.Clock, new LeaderMetadata(context.Server.Value, -1, term));
        writer.OnProduced = (_, offset, bytes) => PersistProduced(state, offset, bytes);
        state.LeaderWriter = writer;
        state.LeaderTerm = term;
        state.DeclarationConsumed = false;
        state.DeclarationOffset = -1;
        if (context.Options.UseDeclarationOfLeadership)
        {
            var result = writer.SendControl(state.Partition, ControlPayload.DeclarationOfLeadership());
            if (!result.Succeeded) return false;
            state.DeclarationOffset = result.Offset;
        }
        state.PromotionStartedAtMs = Now;
        state.LeaderFollowerState = LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER;
        context.Observer.Note(Actor, "leader-transition", $"{state.Replica} term={term} dol={state.DeclarationOffset}");
        context.Observer.PromotionProgressed(state.Replica, term, completed: false);
        return true;
    }

    /// <summary>
    /// LEADER_TO_STANDBY: skipped if stale or already STANDBY. A leader on the RT stops consuming it,
    /// drains what it produced (persisted synchronously from the produce callback in this model), closes
    /// its VT segment, becomes STANDBY, persists its OffsetRecord and resumes the local VT after its last
    /// processed position. A replica still in transition just goes back to STANDBY.
    /// </summary>
    private bool LeaderToStandby(ConsumerAction action)
    {
        if (IsStale(action) || !partitions.TryGetValue(action.Partition, out var state) ||
            state.LeaderFollowerState == LeaderFollowerState.STANDBY)
        {
            return true;
        }
        bool wasConsumingUpstream = state.ConsumesUpstream;
        // Closing the partition's segment produces a final END_OF_SEGMENT: queued for the drainer while
        // still consuming upstream, consumed back from the VT otherwise.
        state.LeaderWriter?.EndSegment(state.Partition, finalSegment: true);
        if (wasConsumingUpstream && Defects.DemoteWithoutDrain)
        {
            // DEFECT demote-without-drain: what was produced but not persisted is taken as done.
            state.PendingPersist.Clear();
            if (state.LastProducedVtOffset > state.LastProcessedVtOffset) state.LastProcessedVtOffset = state.LastProducedVtOffset;
        }
        else if (wasConsumingUpstream)
        {
            // Wait for the last produce to be persisted before becoming STANDBY (Venice: drain the
            // drainer, wait last produce/persist), so the VT position below covers what was produced.
            while (state.PendingPersist.Count > 0 && !state.Errored) DrainProduced(state, int.MaxValue);
        }
        state.LeaderWriter = null;
        state.ConsumerDiv = null;
        state.LeaderFollowerState = LeaderFollowerState.STANDBY;
        if (wasConsumingUpstream)
        {
            state.NextVtOffset = state.LastProcessedVtOffset + 1;
        }
        state.LastVtRecordConsumedAtMs = Now;
        Checkpoint(state);
        context.Observer.Note(Actor, "leader-demoted", $"{state.Replica} resume-vt={state.NextVtOffset}");
        return true;
    }

    // ---- long-running checks: the promotion gate and a leader's switch to the RT -------------------

    private long PromotionDelayMs => store.IsSystemStore ? context.Options.SystemStorePromotionDelayMs : context.Options.PromotionDelayMs;

    /// <summary>When the partition's next long-running check can pass, or null if none is pending.</summary>
    private long? LongRunningCheckTime(PartitionConsumptionState state)
    {
        if (state.LeaderFollowerState == LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER)
        {
            if (Defects.PromoteWithoutWait) return state.PromotionStartedAtMs; // DEFECT promote-without-wait
            long legacy = state.LastVtRecordConsumedAtMs + PromotionDelayMs;
            if (!context.Options.UseDeclarationOfLeadership || state.DeclarationConsumed) return legacy;
            // Waiting for the DoL to come back; after the timeout the legacy gate alone decides.
            long timeout = state.PromotionStartedAtMs + context.Options.DeclarationOfLeadershipTimeoutMs;
            return Math.Max(legacy, timeout);
        }
        if (state.LeaderFollowerState == LeaderFollowerState.LEADER && !state.ConsumesUpstream &&
            state.TopicSwitchReceived && state.TopicSwitchSourceTopic is not null)
        {
            // A leader still on the VT switches to the RT once the VT has idled (WRITE_PATH.md §2, "While LEADER"),
            // or, when a switch had to wait for the RT to be readable, at its retry time.
            return state.UpstreamSwitchRetryAtMs ?? state.LastVtRecordConsumedAtMs + PromotionDelayMs;
        }
        return null;
    }

    private bool LongRunningCheckDue(PartitionConsumptionState state) =>
        LongRunningCheckTime(state) is { } at && at <= Now && !CanConsumeVersionTopic(state);

    private void RunLongRunningCheck(PartitionConsumptionState state)
    {
        if (state.LeaderFollowerState == LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER)
        {
            Promote(state);
        }
        else
        {
            SwitchToUpstream(state);
        }
    }

    /// <summary>The gate is open: become LEADER (WRITE_PATH.md §2 "Then:").</summary>
    private void Promote(PartitionConsumptionState state)
    {
        state.LeaderFollowerState = LeaderFollowerState.LEADER;
        state.ConsumerDiv = state.DrainerDiv.Clone();
        context.Observer.Note(Actor, "leader-promoted",
            $"{state.Replica} term={state.LeaderTerm} dol={(state.DeclarationConsumed ? "read-back" : "timeout")}");
        context.Observer.PromotionProgressed(state.Replica, state.LeaderTerm, completed: true);
        if (state.TopicSwitchReceived && state.TopicSwitchSourceTopic is not null)
        {
            SwitchToUpstream(state);
        }
        else
        {
            state.LeaderTopic = Version.VersionTopic;
        }
    }

    /// <summary>
    /// Start consuming the RT named by TOPIC_SWITCH: from the last upstream position recorded in the VT
    /// (a new leader resumes where the previous one's records end), or from the rewind start if none.
    /// </summary>
    private void SwitchToUpstream(PartitionConsumptionState state)
    {
        string upstream = state.TopicSwitchSourceTopic!;
        var upstreamPartition = new TopicPartition(upstream, state.Partition);
        long? start = Defects.ResumeRtFromLatest
            ? context.Log.EndOffset(upstreamPartition) // DEFECT resume-rt-from-latest
            : state.UpstreamOffset >= 0
                ? state.UpstreamOffset + 1
                : RewindStartOffset(upstreamPartition, state.RewindStartTimestampMs);
        if (start is null)
        {
            // The RT could not be read to find the rewind start (Kafka's offsetsForTimes failed): stay on
            // the VT and try again, rather than guess an offset and skip real-time writes.
            state.LeaderTopic = Version.VersionTopic;
            state.UpstreamSwitchRetryAtMs = Now + UpstreamSwitchRetryIntervalMs;
            context.Observer.Note(Actor, "rewind-start-unknown", $"{state.Replica} {upstream} retry at {state.UpstreamSwitchRetryAtMs}");
            return;
        }
        state.UpstreamSwitchRetryAtMs = null;
        state.LeaderTopic = upstream;
        state.NextUpstreamOffset = start.Value;
        // Records produced from now on are persisted from the produce callback, so the VT position is
        // the last record this replica processed.
        state.NextVtOffset = state.LastProcessedVtOffset + 1;
        context.Observer.Note(Actor, "leader-consumes-upstream", $"{state.Replica} {upstream} from={state.NextUpstreamOffset}");
        CheckReadyToServe(state);
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
            if (RecordCodec.TryDecode(entry.Payload, out var record) == DecodeStatus.Ok &&
                record.Producer.TimestampMs >= rewindStartMs)
            {
                return entry.Offset;
            }
            offset = entry.Offset + 1;
        }
        return end;
    }

    // ---- polling ------------------------------------------------------------------------------------

    private bool PollOnePartition()
    {
        if (partitions.Count == 0) return false;
        var ordered = partitions.Values.ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            var state = ordered[(pollCursor + i) % ordered.Length];
            bool upstream = CanConsumeUpstream(state);
            bool drain = state.PendingPersist.Count > 0 && !state.Errored &&
                (!upstream || state.PendingPersist.Count >= context.Options.LeaderBatchRecords);
            if (!drain && !upstream && !CanConsumeVersionTopic(state)) continue;
            pollCursor = (pollCursor + i + 1) % ordered.Length;
            if (drain) DrainProduced(state, context.Options.PollBatchRecords);
            else if (upstream) PollUpstream(state);
            else PollVersionTopic(state);
            return true;
        }
        return false;
    }

    private void PollVersionTopic(PartitionConsumptionState state)
    {
        var topicPartition = new TopicPartition(Version.VersionTopic, state.Partition);
        long first = -1;
        int applied = 0;
        int duplicates = 0;
        for (int n = 0; n < context.Options.PollBatchRecords && !state.Errored && !state.ConsumesUpstream; n++)
        {
            if (!context.Log.TryRead(topicPartition, state.NextVtOffset, out var entry)) break;
            if (first < 0) first = entry.Offset;
            var outcome = ProcessVersionTopicRecord(state, entry.Offset, entry.Payload);
            if (outcome == RecordOutcome.Applied) applied++;
            else if (outcome == RecordOutcome.Duplicate) duplicates++;
            state.NextVtOffset = entry.Offset + 1;
            state.LastVtRecordConsumedAtMs = Now;
            if (!state.Errored) state.LastProcessedVtOffset = entry.Offset;
        }
        if (first >= 0)
        {
            context.Observer.RecordsConsumed(state.Replica, first, state.NextVtOffset - 1, applied, duplicates);
        }
        AfterBatch(state);
    }

    /// <summary>Venice's drainer order after records: the ready-to-serve check, then the offset sync.</summary>
    private void AfterBatch(PartitionConsumptionState state)
    {
        if (state.Errored) return;
        CheckReadyToServe(state);
        if (state.BytesSinceSync >= context.Options.SyncBytesInterval) Checkpoint(state);
    }

    /// <summary>
    /// A leader's RT poll: leader DIV drops duplicates; data records are produced to the local VT with
    /// leader metadata (host, upstream offset, term) and persisted from the produce callback; the RT
    /// producers' own segment control messages are not forwarded.
    /// </summary>
    private void PollUpstream(PartitionConsumptionState state)
    {
        var upstream = new TopicPartition(state.LeaderTopic!, state.Partition);
        var writer = state.LeaderWriter!;
        var div = state.ConsumerDiv!;
        long first = -1;
        int produced = 0;
        int duplicates = 0;
        for (int n = 0; n < context.Options.LeaderBatchRecords && !state.Errored; n++)
        {
            if (!context.Log.TryRead(upstream, state.NextUpstreamOffset, out var entry)) break;
            if (first < 0) first = entry.Offset;
            if (RecordCodec.TryDecode(entry.Payload, out var record) != DecodeStatus.Ok)
            {
                context.Observer.DivFault(state.Replica, entry.Offset, DivResult.Corrupt, fatal: false);
                state.NextUpstreamOffset = entry.Offset + 1;
                continue;
            }
            var result = div.Validate(record);
            if (result == DivResult.UnregisteredProducer && !div.TryGetProducerState(record.Producer.Guid, out _))
            {
                // The first record from a producer this leader never saw is accepted (WRITE_PATH.md §4):
                // a new leader starts mid-stream.
                div.Resynchronise(record);
                result = DivResult.Ok;
            }
            if (result == DivResult.Duplicate)
            {
                duplicates++;
                state.NextUpstreamOffset = entry.Offset + 1;
                continue;
            }
            if (result != DivResult.Ok)
            {
                // Upstream faults after END_OF_PUSH: record and resynchronise leniently.
                context.Observer.DivFault(state.Replica, entry.Offset, result, fatal: false);
                div.Resynchronise(record);
            }
            if (record.IsData)
            {
                writer.SetLeaderMetadata(new LeaderMetadata(context.Server.Value, entry.Offset, state.LeaderTerm));
                var outcome = record.Type == MessageType.Put
                    ? writer.Put(state.Partition, Contiguous(record.Key, ref scratch, 0), ContiguousValue(record.Value, record.Key.Length))
                    : writer.Delete(state.Partition, Contiguous(record.Key, ref scratch, 0));
                if (!outcome.Succeeded)
                {
                    // The producer gave up after its retries; the record may or may not have landed and its
                    // sequence number is spent. Venice rethrows a leader's persistence failure: the partition
                    // errors, and Helix moves leadership to another replica.
                    ReportError(state, $"leader could not produce RT offset {entry.Offset} to the VT: {outcome.Status}");
                    break;
                }
                produced++;
            }
            state.NextUpstreamOffset = entry.Offset + 1;
        }
        if (first >= 0)
        {
            context.Observer.Note(Actor, "leader-replay",
                $"{state.Replica} rt=[{first},{state.NextUpstreamOffset - 1}] produced={produced} duplicates={duplicates}");
        }
        AfterBatch(state);
    }

    /// <summary>
    /// The produce callback (Venice's LeaderProducerCallback): queue each record the leader landed in
    /// the local VT, with its offset, for the drainer. The leader persists what it produced from here,
    /// never by re-reading the VT. Ignored while the replica consumes the VT itself (its DoL and a
    /// pre-TOPIC_SWITCH leader's records come back through the VT).
    /// </summary>
    private void PersistProduced(PartitionConsumptionState state, long vtOffset, ReadOnlyMemory<byte> bytes)
    {
        if (!state.ConsumesUpstream || state.Errored) return;
        state.LastProducedVtOffset = vtOffset;
        state.PendingPersist.Enqueue(new ProducedRecord(vtOffset, bytes.ToArray()));
    }

    /// <summary>
    /// The drainer for a leader's produced records: DIV, apply, then positions (VT offset and, from the
    /// record's leader metadata, the upstream offset), so the RT position moves only once persisted.
    /// </summary>
    private void DrainProduced(PartitionConsumptionState state, int maxRecords)
    {
        long first = -1;
        int applied = 0;
        for (int n = 0; n < maxRecords && state.PendingPersist.Count > 0 && !state.Errored; n++)
        {
            var produced = state.PendingPersist.Dequeue();
            if (first < 0) first = produced.VtOffset;
            applied += ProcessForeignRecordsBefore(state, produced.VtOffset);
            if (state.Errored) break;
            if (ProcessVersionTopicRecord(state, produced.VtOffset, new ReadOnlySequence<byte>(produced.Bytes)) == RecordOutcome.Applied) applied++;
            if (!state.Errored) state.LastProcessedVtOffset = produced.VtOffset;
            state.NextVtOffset = produced.VtOffset + 1;
        }
        if (first >= 0) context.Observer.RecordsConsumed(state.Replica, first, state.NextVtOffset - 1, applied, 0);
        AfterBatch(state);
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
        int applied = 0;
        var topicPartition = new TopicPartition(Version.VersionTopic, state.Partition);
        while (state.NextVtOffset < producedOffset && !state.Errored &&
               context.Log.TryRead(topicPartition, state.NextVtOffset, out var entry) && entry.Offset < producedOffset)
        {
            if (ProcessVersionTopicRecord(state, entry.Offset, entry.Payload) == RecordOutcome.Applied) applied++;
            if (!state.Errored) state.LastProcessedVtOffset = entry.Offset;
            state.NextVtOffset = entry.Offset + 1;
        }
        return applied;
    }

    private enum RecordOutcome
    {
        Applied,
        Duplicate,
        Rejected,
    }

    private RecordOutcome ProcessVersionTopicRecord(PartitionConsumptionState state, long offset, in ReadOnlySequence<byte> payload)
    {
        state.BytesSinceSync += payload.Length;
        if (RecordCodec.TryDecode(payload, out var record) != DecodeStatus.Ok)
        {
            // A record that does not even decode is corrupt: a DIV error, never a crash.
            HandleDivFault(state, offset, DivResult.Corrupt, record, decoded: false);
            return RecordOutcome.Rejected;
        }
        var div = state.DrainerDiv.Validate(record);
        if (div == DivResult.Duplicate) return RecordOutcome.Duplicate;
        if (div != DivResult.Ok)
        {
            HandleDivFault(state, offset, div, record, decoded: true);
            if (state.Errored || !state.EndOfPushReceived) return RecordOutcome.Rejected;
        }
        if (record.HasLeaderMetadata)
        {
            state.LeaderHostId = record.Leader.HostId;
            if (record.Leader.UpstreamOffset >= 0) state.UpstreamOffset = record.Leader.UpstreamOffset;
        }
        Apply(state, offset, record);
        return RecordOutcome.Applied;
    }

    private void HandleDivFault(PartitionConsumptionState state, long offset, DivResult result, in VeniceRecord record, bool decoded)
    {
        bool fatal = !state.EndOfPushReceived;
        context.Observer.DivFault(state.Replica, offset, result, fatal);
        if (fatal)
        {
            // Before EOP a DIV fault fails the replica (WRITE_PATH.md §4 "Handling").
            ReportError(state, $"DIV {result} at VT offset {offset}");
            return;
        }
        // After EOP Venice records a metric, re-runs the validator leniently to resynchronise and
        // goes on with the record: it is applied like any other.
        if (decoded) state.DrainerDiv.Resynchronise(record);
    }

    private void Apply(PartitionConsumptionState state, long offset, in VeniceRecord record)
    {
        switch (record.Type)
        {
            case MessageType.Put:
                state.Storage.Put(Contiguous(record.Key, ref scratch, 0), ContiguousValue(record.Value, record.Key.Length));
                break;
            case MessageType.Delete:
                state.Storage.Delete(Contiguous(record.Key, ref scratch, 0));
                break;
            case MessageType.Control:
                ApplyControl(state, offset, record);
                break;
        }
    }

    private ReadOnlySpan<byte> ContiguousValue(in ReadOnlySequence<byte> value, long keyLength) =>
        Contiguous(value, ref scratch, (int)keyLength);

    /// <summary>The bytes as one span: the slice itself when contiguous, else a copy into scratch.</summary>
    private static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> bytes, ref byte[] buffer, int at)
    {
        if (bytes.IsSingleSegment) return bytes.FirstSpan;
        int needed = at + (int)bytes.Length;
        if (buffer.Length < needed) Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        bytes.CopyTo(buffer.AsSpan(at));
        return buffer.AsSpan(at, (int)bytes.Length);
    }

    private void ApplyControl(PartitionConsumptionState state, long offset, in VeniceRecord record)
    {
        context.Observer.ControlMessageConsumed(state.Replica, record.ControlType, offset);
        switch (record.ControlType)
        {
            case ControlMessageType.StartOfSegment:
            case ControlMessageType.EndOfSegment:
                // Segment control messages move DIV only; they do not trigger a sync.
                return;
            case ControlMessageType.DeclarationOfLeadership:
                if (record.HasLeaderMetadata && record.Leader.HostId == context.Server.Value &&
                    record.Leader.Term == state.LeaderTerm && offset == state.DeclarationOffset)
                {
                    state.DeclarationConsumed = true;
                }
                return;
            case ControlMessageType.StartOfPush:
                Report(state, ExecutionStatus.STARTED);
                break;
            case ControlMessageType.EndOfPush:
                if (state.EndOfPushReceived) break;
                state.EndOfPushReceived = true;
                state.LastProcessedVtOffset = offset;
                Checkpoint(state);
                Report(state, ExecutionStatus.END_OF_PUSH_RECEIVED);
                CheckReadyToServe(state);
                return;
            case ControlMessageType.TopicSwitch:
                if (!state.EndOfPushReceived)
                {
                    // TOPIC_SWITCH must follow END_OF_PUSH (WRITE_PATH.md §3, property 11).
                    ReportError(state, $"TOPIC_SWITCH before END_OF_PUSH at VT offset {offset}");
                    return;
                }
                state.TopicSwitchReceived = true;
                state.TopicSwitchSourceTopic = record.TopicSwitchSourceTopic;
                state.RewindStartTimestampMs = record.RewindStartTimestampMs;
                if (state.LeaderFollowerState != LeaderFollowerState.LEADER) state.LeaderTopic = record.TopicSwitchSourceTopic;
                state.LastProcessedVtOffset = offset;
                Checkpoint(state);
                Report(state, ExecutionStatus.TOPIC_SWITCH_RECEIVED);
                CheckReadyToServe(state);
                return;
        }
        // Any other non-segment control message triggers a sync (WRITE_PATH.md §5).
        state.LastProcessedVtOffset = offset;
        Checkpoint(state);
    }

    // ---- checkpoint, readiness, reporting ----------------------------------------------------------

    /// <summary>
    /// Venice's sync order (WRITE_PATH.md §5): copy the DIV state and positions, sync storage, then write
    /// the OffsetRecord. An errored replica never checkpoints.
    /// </summary>
    private void Checkpoint(PartitionConsumptionState state)
    {
        if (state.Errored) return;
        var divState = new ArrayBufferWriter<byte>();
        state.DrainerDiv.WriteTo(divState);
        var record = new OffsetRecord(state.LastProcessedVtOffset, state.EndOfPushReceived, state.TopicSwitchReceived,
            state.UpstreamOffset, state.TopicSwitchSourceTopic ?? state.LeaderTopic, state.LeaderHostId, divState.WrittenSpan.ToArray())
        {
            RewindStartTimestampMs = state.RewindStartTimestampMs,
            ReadyToServe = state.Completed,
            OffsetLag = store.IsHybrid && state.TopicSwitchSourceTopic is not null ? OffsetLag(state) : 0,
        };
        if (Defects.CheckpointBeforeSync) // DEFECT checkpoint-before-sync: steps 2 and 4 swapped
        {
            state.Storage.PutMetadata(OffsetRecord.MetadataKey, record.Encode());
            context.Observer.CheckpointWritten(state.Replica, state.LastProcessedVtOffset, state.EndOfPushReceived);
            state.Storage.Sync();
            context.Observer.StorageSynced(state.Replica, state.LastProcessedVtOffset);
        }
        else
        {
            state.Storage.Sync();
            context.Observer.StorageSynced(state.Replica, state.LastProcessedVtOffset);
            state.Storage.PutMetadata(OffsetRecord.MetadataKey, record.Encode());
            context.Observer.CheckpointWritten(state.Replica, state.LastProcessedVtOffset, state.EndOfPushReceived);
        }
        state.BytesSinceSync = 0;
    }

    /// <summary>
    /// Ready to serve (WRITE_PATH.md §6): a batch-only replica at END_OF_PUSH; a hybrid one also needs
    /// TOPIC_SWITCH and an offset lag within max(threshold / partitions, 1).
    /// </summary>
    private void CheckReadyToServe(PartitionConsumptionState state)
    {
        if (state.Completed || state.Errored) return;
        if (!state.EndOfPushReceived && !Defects.CompleteBeforeEop) return; // DEFECT complete-before-eop skips this
        if (store.IsHybrid)
        {
            if (!state.TopicSwitchReceived || state.TopicSwitchSourceTopic is null) return;
            if (OffsetLag(state) > HybridLagThreshold) return;
        }
        state.Completed = true;
        Report(state, ExecutionStatus.COMPLETED);
    }

    /// <summary>
    /// Venice's fast ready-to-serve on restart (WRITE_PATH.md §5 step 4): a hybrid replica that was ready
    /// at its last checkpoint may report COMPLETED at once if its offset lag grew by less than twice the
    /// threshold since.
    /// </summary>
    private bool FastReadyToServe(PartitionConsumptionState state, OffsetRecord checkpoint) =>
        store.IsHybrid && checkpoint.ReadyToServe && state.EndOfPushReceived && state.TopicSwitchReceived &&
        OffsetLag(state) - checkpoint.OffsetLag < 2 * HybridLagThreshold;

    private long HybridLagThreshold => Math.Max(store.OffsetLagThresholdToGoOnline / Math.Max(VersionTopicPartitionCount, 1), 1);

    /// <summary>
    /// The replica's offset lag for the hybrid ready-to-serve check. A replica that leads (or is taking
    /// over) is measured against the RT: RT end minus the next upstream offset it needs (its own RT
    /// position, or the last upstream offset recorded in the VT it applied). A STANDBY replica is
    /// measured against the local VT, as Venice's followers are; Venice adds the leader-complete signal
    /// for followers, which the model does not have (docs/write-path.md): the decider's requirement that
    /// the external-view leader be COMPLETED is what ties a version's readiness to the RT replay.
    /// </summary>
    public long OffsetLag(PartitionConsumptionState state)
    {
        if (state.TopicSwitchSourceTopic is null) return long.MaxValue;
        if (state.LeaderFollowerState == LeaderFollowerState.STANDBY)
        {
            long vtEnd = context.Log.EndOffset(new TopicPartition(Version.VersionTopic, state.Partition));
            return Math.Max(0, vtEnd - state.NextVtOffset);
        }
        long end = context.Log.EndOffset(new TopicPartition(state.TopicSwitchSourceTopic, state.Partition));
        long next = state.ConsumesUpstream ? state.NextUpstreamOffset : state.UpstreamOffset + 1;
        return Math.Max(0, end - next);
    }

    private void ReportError(PartitionConsumptionState state, string message)
    {
        if (state.Errored) return;
        state.Errored = true;
        context.Observer.Note(Actor, "replica-error", $"{state.Replica}: {message}");
        // ERROR is not sent once a replica completed (WRITE_PATH.md §6).
        if (!state.Completed) Report(state, ExecutionStatus.ERROR, message);
    }

    private void Report(PartitionConsumptionState state, ExecutionStatus status, string? message = null)
    {
        context.Observer.StatusReported(state.Replica, status, state.LastProcessedVtOffset);
        Publish(state, status, message);
    }

    /// <summary>
    /// Hands the status to the notifier. A report that could not be recorded (no metadata reachable)
    /// is kept and retried every <see cref="ReportRetryIntervalMs"/>; a later report that lands
    /// supersedes it, since the CV and push status hold only a replica's latest status.
    /// </summary>
    private void Publish(PartitionConsumptionState state, ExecutionStatus status, string? message)
    {
        var notifier = context.Notifier;
        bool recorded = status switch
        {
            ExecutionStatus.STARTED => notifier.Started(state.Replica),
            ExecutionStatus.END_OF_PUSH_RECEIVED => notifier.EndOfPushReceived(state.Replica, state.LastProcessedVtOffset),
            ExecutionStatus.TOPIC_SWITCH_RECEIVED => notifier.TopicSwitchReceived(state.Replica, state.LastProcessedVtOffset),
            ExecutionStatus.COMPLETED => notifier.Completed(state.Replica, state.LastProcessedVtOffset),
            ExecutionStatus.ERROR => notifier.Error(state.Replica, message ?? "error"),
            _ => throw new InvalidOperationException($"the model never reports {status}"),
        };
        state.UnrecordedReport = recorded ? null : new UnrecordedReport(status, message, context.Clock.NowMs + ReportRetryIntervalMs);
    }

    private bool ReportRetryDue(PartitionConsumptionState state) =>
        state.UnrecordedReport is { } report && report.RetryAtMs <= context.Clock.NowMs;

    private void RetryReport(PartitionConsumptionState state)
    {
        var report = state.UnrecordedReport!;
        context.Observer.Note(Actor, "report-retry", $"{state.Replica} {report.Status}");
        Publish(state, report.Status, report.Message);
    }
}
