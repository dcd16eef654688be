using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// One store-version's ingestion on one server (Venice's LeaderFollowerStoreIngestionTask): a queue of
/// consumer actions from Helix transitions and one partition state per subscribed partition.
/// Each <see cref="Step"/> does one bounded unit of Venice's SIT loop (docs/venice-write-path.md §3): run one queued
/// action, retry one status report, advance one long-running check (the promotion gate, a leader's switch
/// to the RT), or poll one batch for one partition. The work itself is split by responsibility:
/// <see cref="VersionTopicDrainer"/> (the persist path), <see cref="LeaderReplay"/> (RT to VT),
/// <see cref="LeadershipTransitions"/> (promotion, demotion), <see cref="ReplicaStatusReporter"/>,
/// <see cref="ReadyToServeCheck"/> and <see cref="PartitionCheckpointer"/>; this class owns the
/// partitions, the action queue and the scheduling.
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
    private readonly SortedDictionary<int, PartitionConsumptionState> partitions = new();

    // The partitions' states in partition order, rebuilt only when a partition is added or removed:
    // the scheduling queries and the poll walk it every step, and walking the SortedDictionary itself
    // (or copying its values, as the poll once did) allocates on every step.
    private PartitionConsumptionState[] ordered = [];
    private readonly ConsumerActionQueue actions;
    private readonly ReplicaStatusReporter reporter;
    private readonly ReadyToServeCheck readiness;
    private readonly VersionTopicDrainer drainer;
    private readonly LeaderReplay replay;
    private readonly LeadershipTransitions leadership;
    private int pollCursor;

    public StoreIngestionTask(StoreVersion version, IngestionContext context)
    {
        Version = version;
        this.context = context;
        var store = context.Stores.Get(version.Store);
        VersionTopicPartitionCount = context.Log.PartitionCount(version.VersionTopic);
        // The legacy promotion gate and a leader's switch to the RT both wait this long for the VT to idle.
        long versionTopicIdleDelayMs = store.IsSystemStore ? context.Options.SystemStorePromotionDelayMs : context.Options.PromotionDelayMs;
        var bytes = new RecordBytes();
        actions = new ConsumerActionQueue(version);
        reporter = new ReplicaStatusReporter(context);
        readiness = new ReadyToServeCheck(context, store, version, VersionTopicPartitionCount, reporter);
        var checkpointer = new PartitionCheckpointer(context, readiness);
        drainer = new VersionTopicDrainer(context, version, bytes, reporter, readiness, checkpointer);
        replay = new LeaderReplay(context, version, versionTopicIdleDelayMs, bytes, reporter, readiness, drainer);
        leadership = new LeadershipTransitions(context, version, versionTopicIdleDelayMs, replay, drainer, checkpointer);
    }

    public StoreVersion Version { get; }

    public int VersionTopicPartitionCount { get; }

    public IReadOnlyCollection<int> SubscribedPartitions => partitions.Keys;

    /// <summary>A read-only view of a subscribed partition's state.</summary>
    public bool TryGetPartition(int partition, out IPartitionConsumptionView state)
    {
        bool found = partitions.TryGetValue(partition, out var owned);
        state = owned!;
        return found;
    }

    private long Now => context.Clock.NowMs;

    private Defects.SeededDefects Defects => context.Options.Defects;

    // ---- entry points from Helix ------------------------------------------------------------------

    /// <summary>Queues a consumer action (called by the Helix transition handlers).</summary>
    public void Enqueue(ConsumerActionType type, int partition) => actions.Enqueue(type, partition);

    /// <summary>Helix STANDBY→LEADER: bump the partition's session and queue STANDBY_TO_LEADER with the term.</summary>
    public void PromoteToLeader(int partition, long term)
    {
        actions.StartSession(partition);
        actions.SetPendingTerm(partition, term);
        actions.Enqueue(ConsumerActionType.StandbyToLeader, partition);
    }

    /// <summary>Helix LEADER→STANDBY: bump the partition's session and queue LEADER_TO_STANDBY.</summary>
    public void DemoteToStandby(int partition)
    {
        actions.StartSession(partition);
        actions.Enqueue(ConsumerActionType.LeaderToStandby, partition);
    }

    /// <summary>The replica's progress as Helix's participant sees it.</summary>
    public ReplicaProgress ProgressOf(int partition)
    {
        if (!partitions.TryGetValue(partition, out var state))
        {
            return actions.HasSubscribeFor(partition) ? ReplicaProgress.Ingesting : ReplicaProgress.NotHosted;
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
            foreach (var state in ordered)
            {
                if (reporter.RetryDue(state)) return true;
                if (state.Errored) continue;
                if (LongRunningCheckDue(state) || drainer.CanConsume(state) || replay.CanConsumeUpstream(state) ||
                    state.Leadership.PendingPersist.Count > 0)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The earliest time a status report is retried or a waiting partition's promotion gate or topic switch may open.</summary>
    public long? NextDeadlineMs
    {
        get
        {
            long? next = null;
            foreach (var state in ordered)
            {
                if (state.Reports.Unrecorded is { } report && (next is null || report.RetryAtMs < next)) next = report.RetryAtMs;
                if (state.Errored) continue;
                long? due = LongRunningCheckDueAtMs(state);
                if (due is { } at && (next is null || at < next)) next = at;
            }
            return next;
        }
    }

    /// <summary>Runs one queued action, one report retry, one due long-running check, or one poll. Returns whether anything happened.</summary>
    public bool Step()
    {
        if (actions.Count > 0)
        {
            RunAction(actions.Dequeue());
            return true;
        }
        foreach (var state in ordered)
        {
            if (reporter.RetryDue(state))
            {
                reporter.Retry(state);
                return true;
            }
        }
        foreach (var state in ordered)
        {
            if (!state.Errored && LongRunningCheckDue(state))
            {
                RunLongRunningCheck(state);
                return true;
            }
        }
        return PollOnePartition();
    }

    /// <summary>When the partition's pending promotion gate or switch to the RT can pass; null if none is pending.</summary>
    private long? LongRunningCheckDueAtMs(PartitionConsumptionState state) =>
        LeadershipTransitions.DeclarationResendDueAtMs(state) is { } resend && leadership.PromotionEligibleAtMs(state) is { } gate
            ? Math.Min(resend, gate)
            : leadership.PromotionEligibleAtMs(state) ?? replay.UpstreamSwitchDueAtMs(state);

    private bool LongRunningCheckDue(PartitionConsumptionState state) =>
        LongRunningCheckDueAtMs(state) is { } at && at <= Now && !drainer.CanConsume(state);

    private void RunLongRunningCheck(PartitionConsumptionState state)
    {
        if (LeadershipTransitions.DeclarationResendDueAtMs(state) is { } resend && resend <= Now) leadership.ResendDeclaration(state);
        else if (state.Leadership.IsInTransition) leadership.Promote(state);
        else replay.SwitchToUpstream(state);
    }

    private bool PollOnePartition()
    {
        if (ordered.Length == 0) return false;
        for (int i = 0; i < ordered.Length; i++)
        {
            var state = ordered[(pollCursor + i) % ordered.Length];
            bool upstream = replay.CanConsumeUpstream(state);
            bool drain = drainer.HasProducedToPersist(state) &&
                (!upstream || state.Leadership.PendingPersist.Count >= context.Options.LeaderBatchRecords);
            if (!drain && !upstream && !drainer.CanConsume(state)) continue;
            pollCursor = (pollCursor + i + 1) % ordered.Length;
            if (drain) drainer.DrainProduced(state, context.Options.PollBatchRecords);
            else if (upstream) replay.PollUpstream(state);
            else drainer.PollVersionTopic(state);
            return true;
        }
        return false;
    }

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
            actions.Retry(action);
            return;
        }
        if (partitions.TryGetValue(action.Partition, out var state))
        {
            reporter.ReportError(state, $"{action.Type} failed {MaxActionAttempts} times");
        }
    }

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
            // Restart (docs/venice-write-path.md §5): restore the DIV state and resume *after* the checkpoint.
            state = new PartitionConsumptionState(replica, storage, new VersionTopicProgress(restoredDiv)
            {
                NextVtOffset = checkpoint.LastProcessedVtOffset + 1,
                LastProcessedVtOffset = checkpoint.LastProcessedVtOffset,
                EndOfPushReceived = checkpoint.EndOfPushReceived,
                TopicSwitchReceived = checkpoint.TopicSwitchReceived,
                UpstreamOffset = checkpoint.UpstreamOffset,
                LeaderHostId = checkpoint.LeaderHostId,
                TopicSwitchSourceTopic = checkpoint.TopicSwitchReceived ? checkpoint.LeaderTopic : null,
                RewindStartTimestampMs = checkpoint.RewindStartTimestampMs,
            });
            state.Leadership.LeaderTopic = checkpoint.LeaderTopic;
            fromCheckpoint = true;
        }
        else
        {
            var div = new PartitionTracker(ignoreGaps: Defects.DivIgnoresGaps); // DEFECT div-ignores-gaps
            state = new PartitionConsumptionState(replica, storage, new VersionTopicProgress(div));
        }
        drainer.RestartInactivityClock(state);
        partitions.Add(partition, state);
        ordered = [.. partitions.Values];
        context.Observer.ReplicaSubscribed(replica, state.VersionTopic.NextVtOffset, fromCheckpoint);
        if (fromCheckpoint)
        {
            // Venice reports STARTED again on restart, then runs the ready-to-serve check.
            reporter.Report(state, ExecutionStatus.STARTED);
            if (readiness.MayServeAtOnce(state, checkpoint)) reporter.ReportCompleted(state);
            readiness.Check(state);
        }
        return true;
    }

    private bool Unsubscribe(int partition, string reason)
    {
        if (partitions.Remove(partition, out var state))
        {
            ordered = [.. partitions.Values];
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

    /// <summary>STANDBY_TO_LEADER (docs/venice-write-path.md §2): skipped if the session is stale or the partition is gone.</summary>
    private bool StandbyToLeader(ConsumerAction action)
    {
        if (actions.IsStale(action) || !partitions.TryGetValue(action.Partition, out var state)) return true;
        long term = actions.TryGetPendingTerm(action.Partition, out long pending) ? pending : Now;
        return leadership.StandbyToLeader(state, term);
    }

    /// <summary>LEADER_TO_STANDBY: skipped if the session is stale or the partition is gone.</summary>
    private bool LeaderToStandby(ConsumerAction action)
    {
        if (actions.IsStale(action) || !partitions.TryGetValue(action.Partition, out var state)) return true;
        leadership.LeaderToStandby(state);
        return true;
    }
}
