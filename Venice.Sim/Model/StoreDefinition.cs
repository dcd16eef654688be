using Venice.Core.Controller;

namespace Venice.Sim.Model;

/// <summary>Whether a store takes only batch pushes or also real-time writes.</summary>
public enum StoreKind
{
    /// <summary>Batch only: a version is the data of one push.</summary>
    Batch,

    /// <summary>Batch plus real-time: after TOPIC_SWITCH each version's leaders replay the real-time topic from the rewind point.</summary>
    Hybrid,
}

/// <summary>
/// One store of a world: its shape (partitions, replication factor) and the store-level settings Venice
/// keeps per store (push strategy, hybrid rewind time and lag threshold). Immutable; change with <c>with</c>.
/// </summary>
public sealed record StoreDefinition
{
    /// <summary>The most partitions one store may have in a simulated world.</summary>
    public const int MaxPartitions = 1024;

    /// <summary>A store named <paramref name="name"/> (kebab-case letters, digits and '-').</summary>
    /// <exception cref="ArgumentException">The name is empty or not made of lower-case letters, digits and '-'.</exception>
    public StoreDefinition(string name)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"a store name must be non-empty lower-case letters, digits and '-', got '{name}'", nameof(name));
        }
        Name = name;
    }

    /// <summary>The store's name; its version topics are <c>name_vN</c> and its real-time topic <c>name_rt</c>.</summary>
    public string Name { get; }

    /// <summary>Batch or hybrid.</summary>
    public StoreKind Kind { get; init; } = StoreKind.Batch;

    /// <summary>Partitions of every version (1..<see cref="MaxPartitions"/>).</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Replicas per partition (1..servers of the world).</summary>
    public int ReplicationFactor { get; init; } = 1;

    /// <summary>
    /// The store's offline push strategy (Venice's <c>default.offline.push.strategy</c>); null takes the
    /// world's <c>config:</c> value, WAIT_N_MINUS_ONE by default.
    /// </summary>
    public PushStrategy? PushStrategy { get; init; }

    /// <summary>Hybrid only: how far back a new version's leaders replay the real-time topic (<c>hybrid.rewind.seconds</c>); null takes the world's value, 86400 s by default.</summary>
    public TimeSpan? RewindTime { get; init; }

    /// <summary>Hybrid only: the lag, in records, under which a replica may report COMPLETED (<c>hybrid.offset.lag.threshold.to.go.online</c>); null takes the world's value, 1000 by default.</summary>
    public long? OffsetLagThresholdToGoOnline { get; init; }

    /// <summary>
    /// How many versions the store keeps (Venice's <c>numVersionsToPreserve</c>, default 2: the current version
    /// and one backup). When a swap makes a new version current, older versions beyond this count are retired:
    /// their partitions are dropped on every server. At least 1.
    /// </summary>
    public int VersionsToPreserve { get; init; } = DefaultVersionsToPreserve;

    /// <summary>Venice's default retention: the current version and one backup.</summary>
    public const int DefaultVersionsToPreserve = 2;

    /// <summary>A batch store.</summary>
    public static StoreDefinition Batch(string name, int partitions, int replicationFactor) =>
        new(name) { Kind = StoreKind.Batch, Partitions = partitions, ReplicationFactor = replicationFactor };

    /// <summary>A hybrid store.</summary>
    public static StoreDefinition Hybrid(string name, int partitions, int replicationFactor) =>
        new(name) { Kind = StoreKind.Hybrid, Partitions = partitions, ReplicationFactor = replicationFactor };
}
