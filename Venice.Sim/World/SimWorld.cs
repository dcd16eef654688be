using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Ingestion;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Core.Storage;
using Venice.Sim.InMemory;
using Venice.Sim.Invariants;

namespace Venice.Sim.World;

/// <summary>
/// One simulated cluster (DESIGN.md §3): one clock, one log, one metadata store, a storage engine per
/// server, and the actors. Built the same way for the CLI, Coyote and FsCheck.
/// </summary>
public sealed class SimWorld
{
    private readonly List<ISimActor> actors = new();

    public SimWorld(WorldConfig config, IWritePathObserver? traceObserver = null)
    {
        Config = config;
        Clock = new SimClock();
        Context = new SimContext(Clock);
        Random = new SeededRandom(config.Seed);
        Log = new InMemoryLog();
        Metadata = new InMemoryMetadataStore();
        Version = new StoreVersion(config.StoreName, 1);
        Reference = new ReferenceModel(config.Partitions);
        Invariants = new InvariantMonitor(Context, version => config.Hybrid && version == Version);
        Observer = new ObserverFanout();
        if (traceObserver is not null) Observer.Add(traceObserver);
        Observer.Add(Invariants.EventObserver);

        HelixBus = new HelixMessageBus(Clock);

        Log.CreateTopic(Version.VersionTopic, config.Partitions);
        Store = new StoreConfig(config.StoreName, config.Hybrid)
        {
            OffsetLagThresholdToGoOnline = config.OffsetLagThresholdToGoOnline,
            RewindTimeMs = config.RewindTimeMs,
        };
        var stores = new StoreRegistry();
        stores.Add(Store);
        if (config.Hybrid) Log.CreateTopic(Version.RealTimeTopic, config.Partitions);
        var defects = Venice.Core.Defects.SeededDefects.FromNames(config.Defects);
        var options = config.Options with { Defects = defects };
        for (int i = 0; i < config.Servers; i++)
        {
            var id = new ServerId(i);
            var engine = new InMemoryStorageEngine();
            StorageEngines.Add(engine);
            IStorageEngine storage = config.WrapStorage is { } wrap ? wrap(id, engine) : engine;
            // Each server reaches the shared log and metadata through its own network, which faults can cut.
            var network = new Venice.Sim.Faults.ServerNetwork();
            var serverMetadata = new Venice.Sim.Faults.IsolatableMetadataStore(Metadata, network);
            // The notifier tells view-consistency when the server has run a drop (its CV entry must be gone then).
            var notifier = new DropObservingNotifier(new PushStatusNotifier(serverMetadata, defects), Invariants.ViewConsistency,
                Metadata, () => !network.Isolated);
            var context = new IngestionContext(id, new Venice.Sim.Faults.IsolatableLog(Log, network), storage, Clock,
                notifier, Observer, options, stores, Random.Fork($"server-{i}"));
            // The server's Helix participant opens its metadata session and live instance.
            Servers.Add(new ServerActor(id, context, serverMetadata, HelixBus, Invariants.ViewConsistency, network));
        }

        var topicSwitcher = new RealTimeTopicSwitcher(Log, Clock, Random.Fork("controller"), config.Options.Checksum);
        Controller = new VeniceControllerActor(new PushMonitor(Metadata, Observer, config.PushStrategy, topicSwitcher, Clock, defects));
        Controller.Monitor.StartPush(Version, config.Partitions, config.ReplicationFactor, Store);
        Helix = new HelixControllerActor(Metadata, HelixBus, Clock, Observer, Invariants.ViewConsistency);
        Helix.AddResource(Version, config.Partitions, config.ReplicationFactor);
        PushJob = new PushJobActor(Version, config.Partitions, config.PushRecords, config.PushKeys, config.ValueBytes,
            Log, Clock, Random.Fork("push-job"), config.Options.Checksum, config.Options.PushBatchRecords, Reference, Observer);

        Invariants.Add(new CheckpointNotAheadChecker(Invariants, replica =>
            StorageEngines[replica.Server.Value].HasPartition(replica.Version, replica.Partition)
                ? StorageEngines[replica.Server.Value].Open(replica.Version, replica.Partition).UnsyncedKeyCount
                : 0));
        Invariants.Add(new DivCheckers(Invariants, LogFaults));
        Invariants.Add(new OnlineHasDataChecker(Invariants, this));
        leaderWriters = new SingleLeaderWriterChecker(Invariants, Log, Version, config.Partitions);

        Faults = new Venice.Sim.Faults.FaultInjector(this, Observer, Random.Fork("faults"));

        actors.AddRange(Servers);
        actors.Add(Helix);
        actors.Add(Controller);
        actors.Add(PushJob);
        if (config.Hybrid)
        {
            RealtimeProducer = new RealtimeProducerActor(Version, config.Partitions, config.RealtimeRecords,
                config.RealtimeRatePerSecond, config.RealtimeKeys, config.RealtimeValueBytes, Log, Clock,
                Random.Fork("rt-producer"), config.Options.Checksum, Reference, Observer);
            actors.Add(RealtimeProducer);
        }
        actors.Add(Faults);
    }

    private readonly SingleLeaderWriterChecker leaderWriters;

    /// <summary>A world to build in code: <c>SimWorld.Create(7).WithServers(3).WithStore(...).Build()</c>.</summary>
    public static WorldBuilder Create(long seed) => WorldBuilder.Create(seed);

    /// <summary>Set when the world came from a <see cref="WorldSpec"/>: what running and judging it needs.</summary>
    internal BuiltWorldState? Built { get; set; }

    public WorldConfig Config { get; }

    /// <summary>Log records the fault injector destroyed on purpose.</summary>
    public Venice.Sim.Faults.InjectedLogFaults LogFaults { get; } = new();

    /// <summary>Called by every driver after each step: armed log faults strike, the checkers that read the log catch up.</summary>
    public void AfterStep()
    {
        Faults.AfterStep();
        leaderWriters.AfterStep();
    }

    /// <summary>Injects faults on a schedule or at once (DESIGN.md §4).</summary>
    public Venice.Sim.Faults.FaultInjector Faults { get; }

    public SimClock Clock { get; }

    public SimContext Context { get; }

    public SeededRandom Random { get; }

    public InMemoryLog Log { get; }

    public InMemoryMetadataStore Metadata { get; }

    public StoreVersion Version { get; }

    public ReferenceModel Reference { get; }

    public InvariantMonitor Invariants { get; }

    public ObserverFanout Observer { get; }

    public List<ServerActor> Servers { get; } = new();

    public List<InMemoryStorageEngine> StorageEngines { get; } = new();

    /// <summary>Venice's controller (push monitoring and version swap), not Helix's.</summary>
    public VeniceControllerActor Controller { get; }

    /// <summary>The Helix controller: replica assignment, leader election, transitions, external view.</summary>
    public HelixControllerActor Helix { get; }

    /// <summary>Carries Helix transition messages to the servers (delay and reordering faults act here).</summary>
    public HelixMessageBus HelixBus { get; }

    public PushJobActor PushJob { get; }

    public RealtimeProducerActor? RealtimeProducer { get; }

    public StoreConfig Store { get; }

    /// <summary>All actors in a fixed order (schedulers choose among them by index).</summary>
    public IReadOnlyList<ISimActor> Actors => actors;

    public VersionStatus VersionStatus =>
        Metadata.TryGet(MetadataPaths.VersionStatusNode(Version), out var node) &&
        Enum.TryParse<VersionStatus>(node.Data, out var status) ? status : VersionStatus.NOT_CREATED;
}
