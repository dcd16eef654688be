using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Ingestion;
using Venice.Core.Metadata;
using Venice.Sim.Invariants;

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
    private int cursor;

    private readonly HelixMessageBus bus;

    /// <summary>Builds the server and starts its participant (metadata session and live instance).</summary>
    public ServerActor(ServerId id, IngestionContext context, IMetadataStore metadata, HelixMessageBus bus,
        ViewConsistencyChecker? viewChecker = null)
    {
        Id = id;
        Context = context;
        this.bus = bus;
        Participant = new HelixParticipant(id, metadata, this, context.Clock,
            new HelixParticipantEvents(bus, metadata, context.Observer, viewChecker));
        Participant.Start();
    }

    public HelixParticipant Participant { get; }

    public ServerId Id { get; }

    public IngestionContext Context { get; }

    public string Name => Id.ToString();

    public IReadOnlyCollection<StoreIngestionTask> Tasks => tasks.Values;

    public StoreIngestionTask TaskFor(StoreVersion version)
    {
        if (!tasks.TryGetValue(version.VersionTopic, out var task))
        {
            task = new StoreIngestionTask(version, Context);
            tasks.Add(version.VersionTopic, task);
        }
        return task;
    }

    public void Subscribe(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.Subscribe, partition);

    public void Unsubscribe(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.Unsubscribe, partition);

    public void Drop(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.DropPartition, partition);

    public void PromoteToLeader(StoreVersion version, int partition, long term) => TaskFor(version).PromoteToLeader(partition, term);

    public void DemoteToStandby(StoreVersion version, int partition) => TaskFor(version).DemoteToStandby(partition);

    public ReplicaProgress ProgressOf(StoreVersion version, int partition) =>
        tasks.TryGetValue(version.VersionTopic, out var task) ? task.ProgressOf(partition) : ReplicaProgress.NotHosted;

    public bool HasWork => bus.HasDeliverable(Id) || Participant.HasWork || tasks.Values.Any(t => t.HasWork);

    /// <summary>The earliest of: a delayed Helix message, a bootstrap latch timeout, an ingestion gate.</summary>
    public long? NextDeadlineMs
    {
        get
        {
            long? next = bus.NextDeliveryMs(Id);
            if (Participant.NextDeadlineMs is { } latch && (next is null || latch < next)) next = latch;
            foreach (var task in tasks.Values)
            {
                if (task.NextDeadlineMs is { } at && (next is null || at < next)) next = at;
            }
            return next;
        }
    }

    public bool Step()
    {
        TakeDueMessages();
        if (Participant.HasWork) return Participant.Step();
        var ordered = tasks.Values.ToArray();
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
