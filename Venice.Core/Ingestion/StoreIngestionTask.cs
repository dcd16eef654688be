using System.Buffers;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Reporting;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// One store-version's ingestion on one server (Venice's StoreIngestionTask): a queue of consumer
/// actions from Helix transitions and one PartitionConsumptionState per subscribed partition. Each
/// <see cref="Step"/> runs one queued action or polls one bounded batch for one partition, which
/// passes through DIV and is applied to storage, checkpointed and reported as Venice does
/// (WRITE_PATH.md §3–§6). Venice splits this across consumer and drainer threads with a fixed drainer
/// per partition, so per-partition order is the same as here.
/// </summary>
public sealed class StoreIngestionTask
{
    /// <summary>Venice retries a failing consumer action 5 times before the replica goes to ERROR.</summary>
    public const int MaxActionAttempts = 5;

    /// <summary>Bound on queued actions; Helix never has more than a few in flight per partition.</summary>
    public const int MaxQueuedActions = 4096;

    private readonly IngestionContext context;
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
        VersionTopicPartitionCount = context.Log.PartitionCount(version.VersionTopic);
    }

    public StoreVersion Version { get; }

    public int VersionTopicPartitionCount { get; }

    public IReadOnlyCollection<int> SubscribedPartitions => partitions.Keys;

    public bool TryGetPartition(int partition, out PartitionConsumptionState state) =>
        partitions.TryGetValue(partition, out state!);

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
    public Helix.ReplicaProgress ProgressOf(int partition)
    {
        if (!partitions.TryGetValue(partition, out var state))
        {
            return actions.Any(a => a.Partition == partition && a.Type == ConsumerActionType.Subscribe)
                ? Helix.ReplicaProgress.Ingesting
                : Helix.ReplicaProgress.NotHosted;
        }
        if (state.Errored) return Helix.ReplicaProgress.Errored;
        return state.Completed ? Helix.ReplicaProgress.Completed : Helix.ReplicaProgress.Ingesting;
    }

    /// <summary>True when a step would do something: an action is queued or a partition has records to read.</summary>
    public bool HasWork
    {
        get
        {
            if (actions.Count > 0) return true;
            foreach (var state in partitions.Values)
            {
                if (CanConsume(state)) return true;
            }
            return false;
        }
    }

    /// <summary>Runs one queued action, or polls one batch for one partition. Returns whether anything happened.</summary>
    public bool Step()
    {
        if (actions.Count > 0)
        {
            var action = actions.Min!;
            actions.Remove(action);
            RunAction(action);
            return true;
        }
        return PollOnePartition();
    }

    private bool CanConsume(PartitionConsumptionState state) =>
        !state.Errored &&
        context.Log.EndOffset(new TopicPartition(Version.VersionTopic, state.Partition)) > state.NextVtOffset;

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
            // Placeholder until the leader/follower task lands: Helix now sends these, and a batch
            // push needs no leader work, so they complete without effect.
            ConsumerActionType.StandbyToLeader or ConsumerActionType.LeaderToStandby => true,
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

    private bool Subscribe(int partition)
    {
        if (partitions.ContainsKey(partition)) return true;
        var replica = new ReplicaId(Version, partition, context.Server);
        var storage = context.Storage.OpenPartition(Version, partition);
        PartitionConsumptionState state;
        bool fromCheckpoint = false;
        if (storage.TryGetMetadata(OffsetRecord.MetadataKey, out var stored) &&
            OffsetRecord.TryDecode(stored, out var checkpoint) &&
            PartitionTracker.TryReadFrom(checkpoint.ProducerStates, out var restoredDiv))
        {
            // Restart (WRITE_PATH.md §5): restore the DIV state and resume *after* the checkpoint.
            state = new PartitionConsumptionState(replica, storage, restoredDiv)
            {
                NextVtOffset = checkpoint.LastProcessedVtOffset + 1,
                LastProcessedVtOffset = checkpoint.LastProcessedVtOffset,
                EndOfPushReceived = checkpoint.EndOfPushReceived,
                TopicSwitchReceived = checkpoint.TopicSwitchReceived,
            };
            fromCheckpoint = true;
        }
        else
        {
            state = new PartitionConsumptionState(replica, storage, new PartitionTracker());
        }
        partitions.Add(partition, state);
        context.Observer.ReplicaSubscribed(replica, state.NextVtOffset, fromCheckpoint);
        if (fromCheckpoint)
        {
            // Venice reports STARTED again on restart, then runs the ready-to-serve check.
            Report(state, ExecutionStatus.STARTED);
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

    private bool DropPartition(int partition)
    {
        Unsubscribe(partition, "drop");
        context.Storage.DropPartition(Version, partition);
        return true;
    }

    private bool KillAll()
    {
        foreach (int partition in partitions.Keys.ToArray()) Unsubscribe(partition, "kill");
        return true;
    }

    // ---- polling and the record path --------------------------------------------------------------

    private bool PollOnePartition()
    {
        if (partitions.Count == 0) return false;
        var ordered = partitions.Values.ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            var state = ordered[(pollCursor + i) % ordered.Length];
            if (!CanConsume(state)) continue;
            pollCursor = (pollCursor + i + 1) % ordered.Length;
            Poll(state);
            return true;
        }
        return false;
    }

    private void Poll(PartitionConsumptionState state)
    {
        var topicPartition = new TopicPartition(Version.VersionTopic, state.Partition);
        long first = -1;
        int applied = 0;
        int duplicates = 0;
        for (int n = 0; n < context.Options.PollBatchRecords && !state.Errored; n++)
        {
            if (!context.Log.TryRead(topicPartition, state.NextVtOffset, out var entry)) break;
            if (first < 0) first = entry.Offset;
            var outcome = Process(state, entry);
            if (outcome == RecordOutcome.Applied) applied++;
            else if (outcome == RecordOutcome.Duplicate) duplicates++;
            state.NextVtOffset = entry.Offset + 1;
            if (!state.Errored) state.LastProcessedVtOffset = entry.Offset;
        }
        if (first >= 0)
        {
            context.Observer.RecordsConsumed(state.Replica, first, state.NextVtOffset - 1, applied, duplicates);
        }
        if (!state.Errored && state.BytesSinceSync >= context.Options.SyncBytesInterval)
        {
            Checkpoint(state);
        }
    }

    private enum RecordOutcome
    {
        Applied,
        Duplicate,
        Rejected,
    }

    private RecordOutcome Process(PartitionConsumptionState state, in LogEntry entry)
    {
        state.BytesSinceSync += entry.Payload.Length;
        if (RecordCodec.TryDecode(entry.Payload, out var record) != DecodeStatus.Ok)
        {
            // A record that does not even decode is corrupt: a DIV error, never a crash.
            HandleDivFault(state, entry.Offset, DivResult.Corrupt, record, decoded: false);
            return RecordOutcome.Rejected;
        }
        var div = state.DrainerDiv.Validate(record);
        if (div == DivResult.Duplicate) return RecordOutcome.Duplicate;
        if (div != DivResult.Ok)
        {
            HandleDivFault(state, entry.Offset, div, record, decoded: true);
            return RecordOutcome.Rejected;
        }
        Apply(state, entry.Offset, record);
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
        // After EOP Venice records a metric and re-runs the validator leniently to resynchronise.
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
        switch (record.ControlType)
        {
            case ControlMessageType.StartOfSegment:
            case ControlMessageType.EndOfSegment:
                // Segment control messages move DIV only; they do not trigger a sync.
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
                state.LastProcessedVtOffset = offset;
                Checkpoint(state);
                Report(state, ExecutionStatus.TOPIC_SWITCH_RECEIVED);
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
            UpstreamOffset: -1, LeaderTopic: null, LeaderHostId: -1, divState.WrittenSpan.ToArray());
        state.Storage.Sync();
        context.Observer.StorageSynced(state.Replica, state.LastProcessedVtOffset);
        state.Storage.PutMetadata(OffsetRecord.MetadataKey, record.Encode());
        context.Observer.CheckpointWritten(state.Replica, state.LastProcessedVtOffset, state.EndOfPushReceived);
        state.BytesSinceSync = 0;
    }

    /// <summary>A batch-only replica is ready to serve once it has END_OF_PUSH.</summary>
    private void CheckReadyToServe(PartitionConsumptionState state)
    {
        if (state.Completed || state.Errored || !state.EndOfPushReceived) return;
        state.Completed = true;
        Report(state, ExecutionStatus.COMPLETED);
    }

    private void ReportError(PartitionConsumptionState state, string message)
    {
        if (state.Errored) return;
        state.Errored = true;
        context.Observer.Note(context.Server.ToString(), "replica-error", $"{state.Replica}: {message}");
        // ERROR is not sent once a replica completed (WRITE_PATH.md §6).
        if (!state.Completed) Report(state, ExecutionStatus.ERROR, message);
    }

    private void Report(PartitionConsumptionState state, ExecutionStatus status, string? message = null)
    {
        context.Observer.StatusReported(state.Replica, status, state.LastProcessedVtOffset);
        var notifier = context.Notifier;
        switch (status)
        {
            case ExecutionStatus.STARTED: notifier.Started(state.Replica); break;
            case ExecutionStatus.END_OF_PUSH_RECEIVED: notifier.EndOfPushReceived(state.Replica, state.LastProcessedVtOffset); break;
            case ExecutionStatus.TOPIC_SWITCH_RECEIVED: notifier.TopicSwitchReceived(state.Replica, state.LastProcessedVtOffset); break;
            case ExecutionStatus.COMPLETED: notifier.Completed(state.Replica, state.LastProcessedVtOffset); break;
            case ExecutionStatus.ERROR: notifier.Error(state.Replica, message ?? "error"); break;
            default: throw new InvalidOperationException($"the model never reports {status}");
        }
    }
}
