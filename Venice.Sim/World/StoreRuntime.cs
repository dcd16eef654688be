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

    /// <summary>Where the version is in its life (pushing, online, failed, killed, retired).</summary>
    public VersionState State { get; private set; } = VersionState.Pushing;

    /// <summary>The one place a version's state changes, along <see cref="VersionStateTransitions"/>.</summary>
    internal void MoveTo(VersionState state)
    {
        VersionStateTransitions.Require(Version, State, state);
        State = state;
    }
}

/// <summary>A declared push that has not started yet: the version it will create and its push job, waiting.</summary>
internal sealed record PendingPush(StoreVersion Version, PushJobActor PushJob, long? StartAtMs);

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

    /// <summary>The newest version created so far (the one faults aimed at the store reach).</summary>
    public VersionRuntime Current => versions[^1];

    /// <summary>The version reads go to: the store's current version as the controller last wrote it, or null before the first swap.</summary>
    public VersionRuntime? Serving { get; internal set; }

    /// <summary>Pushes declared but not started yet, in version order.</summary>
    internal Queue<PendingPush> Pending { get; } = new();

    /// <summary>Every push job of the store, started or not, in version order (the world's actors).</summary>
    internal List<PushJobActor> PushJobs { get; } = new();

    /// <summary>Hybrid stores with several pushes: every acknowledged real-time write, so a new version's reference starts with them.</summary>
    internal ReferenceModel? RealtimeHistory { get; set; }

    /// <summary>The reference models the nearline producer records into (grows as versions are created).</summary>
    internal List<ReferenceModel> RealtimeReferences { get; } = new();

    /// <summary>The hybrid store's nearline producer; null for a batch store.</summary>
    public RealtimeProducerActor? RealtimeProducer { get; internal set; }

    internal void Add(VersionRuntime version) => versions.Add(version);
}
