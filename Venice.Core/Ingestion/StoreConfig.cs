namespace Venice.Core.Ingestion;

/// <summary>
/// A store's configuration as its ingestion needs it (Venice's Store / HybridStoreConfig).
/// Batch-only stores are ready to serve at END_OF_PUSH; hybrid stores also need TOPIC_SWITCH and a
/// small enough offset lag, and their leaders replay the real-time topic into the version topic.
/// </summary>
public sealed record StoreConfig(string Name, bool IsHybrid)
{
    /// <summary>Hybrid offsetLagThresholdToGoOnline (Venice default 1000), divided by the partition count.</summary>
    public long OffsetLagThresholdToGoOnline { get; init; } = 1000;

    /// <summary>Hybrid rewindTimeInSeconds (Venice default 86400 s), as ms: how far back a TOPIC_SWITCH rewinds the RT.</summary>
    public long RewindTimeMs { get; init; } = 86_400_000;

    /// <summary>User stores wait promotionDelay (300 s); Venice system stores wait 1 s.</summary>
    public bool IsSystemStore { get; init; }
}

/// <summary>The stores a server knows, by name (sorted, never enumerated in hash order).</summary>
public sealed class StoreRegistry
{
    private readonly SortedDictionary<string, StoreConfig> stores = new(StringComparer.Ordinal);

    public void Add(StoreConfig store) => stores[store.Name] = store;

    public StoreConfig Get(string name) =>
        stores.TryGetValue(name, out var store) ? store : new StoreConfig(name, IsHybrid: false);
}
