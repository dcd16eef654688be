using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Ingestion;
using Venice.Core.Metadata;
using Venice.Core.Storage;

namespace Venice.Sim.World;

/// <summary>
/// A storage server: its Helix participant and its ingestion tasks (one per store-version), which are
/// the participant's replica host. A step first takes the Helix messages due for it from the bus; if
/// the participant has work it does one unit of it, else one step of one task with work, round-robin
/// across tasks. Helix first, because a transition changes what ingestion should be doing.
/// </summary>
public sealed class ServerActor : ISimActor, IReplicaHost
{
    private readonly SortedDictionary<string, StoreIngestionTask> tasks = new(StringComparer.Ordinal);

    // The same tasks by version, for lookups only (never walked, so its order never shows): the Helix
    // participant asks ProgressOf for every replica it holds whenever the server's readiness is
    // recomputed, and a lookup by topic name would format StoreVersion.VersionTopic each time.
    private readonly Dictionary<StoreVersion, StoreIngestionTask> tasksByVersion = new();

    // The tasks in topic order, rebuilt when one is added or all go (a crash): the step walks it round-robin.
    private StoreIngestionTask[] orderedTasks = [];
    private int cursor;

    private readonly HelixMessageBus bus;
    private readonly IMetadataStore metadata;

    /// <summary>
    /// How long after it last woke (start, restart, end of a pause or isolation) a server takes to notice
    /// that its metadata session expired; until then it acts on stale beliefs (a zombie).
    /// </summary>
    public const long SessionNoticeDelayMs = 1_000;

    /// <summary>Builds the server and starts its participant (metadata session and live instance).</summary>
    public ServerActor(ServerId id, IngestionContext context, IMetadataStore metadata, HelixMessageBus bus,
        IReplicaViewListener? viewChecker = null, ServerNetwork? network = null)
    {
        Id = id;
        Context = context;
        this.bus = bus;
        this.metadata = metadata;
        Network = network ?? new ServerNetwork();
        Participant = new HelixParticipant(id, metadata, this, context.Clock,
            new HelixParticipantEvents(context.Observer, viewChecker), messages: bus, defects: context.Options.Defects);
        Participant.Start();
    }

    public ServerNetwork Network { get; }

    /// <summary>The world loop's ready set, told when this server's answers may have changed from outside its own steps.</summary>
    internal ActorReadiness? Readiness { get; init; }

    // A crash, restart, pause or isolation changes what every actor may do next (the fault injector, the
    // controllers watching this server): the loop asks everyone again.
    private void Changed() => Readiness?.InvalidateAll();

    /// <summary>Crashed and not restarted: takes no steps.</summary>
    public bool Down { get; private set; }

    /// <summary>Paused (a GC pause, a stalled VM) until this sim time: takes no steps, then resumes with stale beliefs.</summary>
    public long? PausedUntilMs { get; private set; }

    private long wokeAtMs;

    private long Now => Context.Clock.NowMs;

    private bool Paused => PausedUntilMs is { } until && Now < until;

    private bool SessionLost => Participant.Session is { } session && !metadata.IsSessionAlive(session);

    private bool SessionLossNoticed => SessionLost && !Network.Isolated && Now >= wokeAtMs + SessionNoticeDelayMs;

    /// <summary>
    /// The process dies: every in-memory state (ingestion tasks, Helix beliefs) is gone and storage keeps
    /// only what was synced. The metadata session lives on until it times out (the fault injector expires it).
    /// </summary>
    public void Crash(ISimulatedStorageEngine engine)
    {
        Down = true;
        PausedUntilMs = null;
        tasks.Clear();
        tasksByVersion.Clear();
        orderedTasks = [];
        engine.Crash();
        Changed();
    }

    /// <summary>The process starts again: a new metadata session and live instance; Helix re-assigns its replicas.</summary>
    public void Restart()
    {
        if (!Down) return;
        Down = false;
        wokeAtMs = Now;
        Changed();
        OnRestart?.Invoke();
        Participant.Reconnect();
    }

    /// <summary>What the server does first when it starts again (the world drops storage Helix no longer places here).</summary>
    internal Action? OnRestart { get; set; }

    /// <summary>What the server does after it reconnected with a new session (the same clean-up).</summary>
    internal Action? OnReconnect { get; set; }

    public void Pause(long untilMs)
    {
        PausedUntilMs = untilMs;
        Changed();
    }

    /// <summary>Ends a pause early (the settle phase heals every fault).</summary>
    public void Resume()
    {
        if (PausedUntilMs is { } until) wokeAtMs = Math.Min(until, Now);
        PausedUntilMs = null;
        Changed();
    }

    public void SetIsolated(bool isolated)
    {
        if (Network.Isolated && !isolated) wokeAtMs = Now;
        Network.Isolated = isolated;
        Changed();
    }

    public HelixParticipant Participant { get; }

    public ServerId Id { get; }

    public IngestionContext Context { get; }

    public string Name => Id.ToString();

    public IReadOnlyCollection<StoreIngestionTask> Tasks => tasks.Values;

    public StoreIngestionTask TaskFor(StoreVersion version)
    {
        if (!tasksByVersion.TryGetValue(version, out var task))
        {
            task = new StoreIngestionTask(version, Context);
            tasks.Add(version.VersionTopic, task);
            tasksByVersion.Add(version, task);
            orderedTasks = [.. tasks.Values];
        }
        return task;
    }

    public void Subscribe(StoreVersion version, int partition)
    {
        // From now on an append to this partition number (VT or RT) may give this server work.
        Readiness?.RegisterConsumer(Id.Value, partition);
        TaskFor(version).Enqueue(ConsumerActionType.Subscribe, partition);
    }

    public void Unsubscribe(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.Unsubscribe, partition);

    public void Drop(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.DropPartition, partition);

    public void PromoteToLeader(StoreVersion version, int partition, long term)
    {
        Readiness?.RegisterConsumer(Id.Value, partition);
        TaskFor(version).PromoteToLeader(partition, term);
    }

    public void DemoteToStandby(StoreVersion version, int partition) => TaskFor(version).DemoteToStandby(partition);

    public ReplicaProgress ProgressOf(StoreVersion version, int partition) =>
        tasksByVersion.TryGetValue(version, out var task) ? task.ProgressOf(partition) : ReplicaProgress.NotHosted;

    /// <summary>
    /// What a server does next, in priority order: notice a lost session (everything else would act on stale
    /// beliefs), then Helix (a transition changes what ingestion should be doing), then ingestion. The one
    /// place the order is written: <see cref="HasWork"/> asks it and <see cref="Step"/> follows it.
    /// </summary>
    private enum ServerWork
    {
        None,
        NoticeSessionLoss,
        Helix,
        Ingestion,
    }

    private ServerWork NextWork()
    {
        if (Down || Paused) return ServerWork.None;
        if (SessionLossNoticed) return ServerWork.NoticeSessionLoss;
        if (HasDeliverableMessage || Participant.HasWork) return ServerWork.Helix;
        foreach (var task in orderedTasks)
        {
            if (task.HasWork) return ServerWork.Ingestion;
        }
        return ServerWork.None;
    }

    public bool HasWork => NextWork() != ServerWork.None;

    // Helix messages live in ZooKeeper: a server cut off from metadata cannot read its message queue.
    private bool HasDeliverableMessage => !Network.Isolated && bus.HasDeliverable(Id);

    /// <summary>The earliest of: a delayed Helix message, a bootstrap latch timeout, an ingestion gate.</summary>
    public long? NextDeadlineMs
    {
        get
        {
            if (Down) return null;
            if (Paused) return PausedUntilMs;
            long? next = Network.Isolated ? null : bus.NextDeliveryMs(Id);
            if (SessionLost && !Network.Isolated) next = Min(next, wokeAtMs + SessionNoticeDelayMs);
            if (Participant.NextDeadlineMs is { } latch && (next is null || latch < next)) next = latch;
            foreach (var task in orderedTasks)
            {
                if (task.NextDeadlineMs is { } at && (next is null || at < next)) next = at;
            }
            return next;
        }
    }

    private static long? Min(long? a, long b) => a is null || b < a ? b : a;

    public bool Step()
    {
        if (Down || Paused) return false;
        if (PausedUntilMs is { } until)
        {
            // Waking from a pause: whatever happened meanwhile is news to this server.
            PausedUntilMs = null;
            wokeAtMs = until;
        }
        if (NextWork() == ServerWork.NoticeSessionLoss)
        {
            // Helix resets the server's replicas to OFFLINE under a new session (Venice stops their ingestion).
            Participant.Reconnect();
            // Helix carries the old session's replicas over as OFFLINE and drops those it no longer places here.
            OnReconnect?.Invoke();
            return true;
        }
        // Helix before ingestion: take the messages due, let the participant act on them, else ingest.
        TakeDueMessages();
        if (Participant.HasWork) return Participant.Step();
        return StepOneTask();
    }

    /// <summary>One step of the next ingestion task with work, round-robin across the server's tasks.</summary>
    private bool StepOneTask()
    {
        var ordered = orderedTasks;
        for (int i = 0; i < ordered.Length; i++)
        {
            var task = ordered[(cursor + i) % ordered.Length];
            if (!task.HasWork) continue;
            cursor = (cursor + i + 1) % ordered.Length;
            return task.Step();
        }
        return false;
    }

    private void TakeDueMessages()
    {
        if (Network.Isolated) return;
        while (Participant.InboxCount < HelixParticipant.MaxInboxMessages && bus.TryTakeDeliverable(Id, out var message))
        {
            if (!Participant.Deliver(message))
            {
                bus.ReturnUndelivered(message);
                return;
            }
        }
    }
}
