using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Ingestion;

namespace Venice.Sim.World;

/// <summary>
/// A storage server: its ingestion tasks (one per store-version) and what Helix asked it to host.
/// A step runs one step of one task with work, round-robin across tasks.
/// </summary>
public sealed class ServerActor : ISimActor, IReplicaHost
{
    private readonly SortedDictionary<string, StoreIngestionTask> tasks = new(StringComparer.Ordinal);
    private int cursor;

    public ServerActor(ServerId id, IngestionContext context)
    {
        Id = id;
        Context = context;
    }

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

    /// <summary>Helix OFFLINE→STANDBY: subscribe the partition.</summary>
    public void HostReplica(StoreVersion version, int partition) => Subscribe(version, partition);

    public void Subscribe(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.Subscribe, partition);

    public void Unsubscribe(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.Unsubscribe, partition);

    public void Drop(StoreVersion version, int partition) => TaskFor(version).Enqueue(ConsumerActionType.DropPartition, partition);

    public void PromoteToLeader(StoreVersion version, int partition, long term) => TaskFor(version).PromoteToLeader(partition, term);

    public void DemoteToStandby(StoreVersion version, int partition) => TaskFor(version).DemoteToStandby(partition);

    public ReplicaProgress ProgressOf(StoreVersion version, int partition) =>
        tasks.TryGetValue(version.VersionTopic, out var task) ? task.ProgressOf(partition) : ReplicaProgress.NotHosted;

    public bool HasWork => tasks.Values.Any(t => t.HasWork);

    public long? NextDeadlineMs
    {
        get
        {
            long? next = null;
            foreach (var task in tasks.Values)
            {
                if (task.NextDeadlineMs is { } at && (next is null || at < next)) next = at;
            }
            return next;
        }
    }

    public bool Step()
    {
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
}
