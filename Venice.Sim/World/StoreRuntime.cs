using Venice.Core;
using Venice.Core.Ingestion;

namespace Venice.Sim.World;

/// <summary>One version of a store in a running world: its push job and the reference model of what its replicas must hold.</summary>
public sealed class VersionRuntime
{
    internal VersionRuntime(StoreRuntime store, StoreVersion version, PushJobActor pushJob, ReferenceModel reference)
    {
        Store = store;
        Version = version;
        PushJob = pushJob;
        Reference = reference;
    }

    /// <summary>The store the version belongs to.</summary>
    public StoreRuntime Store { get; }

    /// <summary>The version (<c>store_vN</c>).</summary>
    public StoreVersion Version { get; }

    /// <summary>Partitions of the version.</summary>
    public int Partitions => Store.Setup.Partitions;

    /// <summary>Replicas per partition.</summary>
    public int ReplicationFactor => Store.Setup.ReplicationFactor;

    /// <summary>The push that writes the version's batch data.</summary>
    public PushJobActor PushJob { get; }

    /// <summary>Every acknowledged write the version's replicas must hold.</summary>
    public ReferenceModel Reference { get; }
}

/// <summary>One store in a running world: its settings, its versions (oldest first) and, when hybrid, its nearline producer.</summary>
public sealed class StoreRuntime
{
    private readonly List<VersionRuntime> versions = new();

    internal StoreRuntime(WorldStoreConfig setup, StoreConfig config)
    {
        Setup = setup;
        Config = config;
    }

    /// <summary>The store's name.</summary>
    public string Name => Setup.Name;

    /// <summary>How the store was configured.</summary>
    public WorldStoreConfig Setup { get; }

    /// <summary>The store-level settings the ingestion tasks read.</summary>
    public StoreConfig Config { get; }

    /// <summary>The store's versions, oldest first.</summary>
    public IReadOnlyList<VersionRuntime> Versions => versions;

    /// <summary>The newest version (the one real-time writes and faults aimed at the store reach).</summary>
    public VersionRuntime Current => versions[^1];

    /// <summary>The hybrid store's nearline producer; null for a batch store.</summary>
    public RealtimeProducerActor? RealtimeProducer { get; internal set; }

    internal void Add(VersionRuntime version) => versions.Add(version);
}
