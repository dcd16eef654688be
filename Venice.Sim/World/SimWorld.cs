using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Ingestion;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Core.Storage;
using Venice.Core.Metadata;
using Venice.Sim.InMemory;

namespace Venice.Sim.World;

/// <summary>
/// One simulated cluster (docs/design.md §3): one clock, one log, one metadata store, a storage engine per
/// server, one or more stores on the same servers (each store's first push creates its version 1), and
/// the actors. Built the same way for the CLI, Coyote and FsCheck. A world whose log lives in files
/// (<see cref="WorldConfig.FileLog"/>) owns their directory: disposing the world deletes it.
/// </summary>
public sealed class SimWorld : IDisposable
{
    private readonly List<ISimActor> actors = new();

    /// <summary>
    /// A bare world: no invariants, no fault injector (<c>WorldFactory.Assemble</c> makes the usual one).
    /// <paramref name="attach"/> gives what the layers above attach; it is called with the half-built world
    /// once its clock, log and metadata exist.
    /// </summary>
    public SimWorld(WorldConfig config, IWritePathObserver? traceObserver = null, Func<SimWorld, IWorldAttachments>? attach = null)
    {
        Config = config;
        var setups = config.StoresToBuild;
        if (setups.Count == 0) throw new ArgumentException("a world needs at least one store", nameof(config));
        Clock = new SimClock();
        Context = new SimContext(Clock);
        Random = new SeededRandom(config.Seed);
        Log = config.FileLog is { } fileLog ? Venice.Sim.Files.FileLog.InNewDirectory(fileLog, config.Seed) : new InMemoryLog();
        Metadata = new InMemoryMetadataStore();
        Readiness = new ActorReadiness(this);
        // Every writer appends through this view, so an append wakes the partition's readers (the loop's ready set).
        var appendLog = new WakingLog(Log, Readiness);
        var attachments = attach?.Invoke(this);
        var viewListener = attachments?.ViewListener;
        Observer = new ObserverFanout();
        if (traceObserver is not null) Observer.Add(traceObserver);
        if (attachments?.EventObserver is { } eventObserver) Observer.Add(eventObserver);

        HelixBus = new HelixMessageBus(Clock) { Readiness = Readiness };

        var registry = new StoreRegistry();
        foreach (var setup in setups)
        {
            if (stores.Any(s => s.Name == setup.Name)) throw new ArgumentException($"store {setup.Name} appears twice", nameof(config));
            var storeConfig = new StoreConfig(setup.Name, setup.Hybrid)
            {
                OffsetLagThresholdToGoOnline = setup.OffsetLagThresholdToGoOnline,
                RewindTimeMs = setup.RewindTimeMs,
            };
            registry.Add(storeConfig);
            // The first push creates version 1 now; later pushes create theirs when the controller starts them.
            var version = new StoreVersion(setup.Name, 1);
            Log.CreateTopic(version.VersionTopic, setup.Partitions);
            if (setup.Hybrid) Log.CreateTopic(version.RealTimeTopic, setup.Partitions);
            stores.Add(new StoreRuntime(setup, storeConfig));
        }
        var defects = Venice.Core.Defects.SeededDefects.FromNames(config.Defects);
        var options = config.Options with { Defects = defects };
        for (int i = 0; i < config.Servers; i++)
        {
            var id = new ServerId(i);
            ISimulatedStorageEngine engine = config.CreateStorage is { } create ? create(id) : new InMemoryStorageEngine();
            StorageEngines.Add(engine);
            IStorageEngine storage = config.WrapStorage is { } wrap ? wrap(id, engine) : engine;
            // Each server reaches the shared log and metadata through its own network, which faults can cut.
            var network = new ServerNetwork();
            var serverMetadata = new IsolatableMetadataStore(Metadata, network);
            // The notifier tells the view listener when the server has run a drop (its CV entry must be gone then).
            IIngestionNotifier notifier = new PushStatusNotifier(serverMetadata, defects);
            if (viewListener is not null) notifier = new DropObservingNotifier(notifier, viewListener, Metadata, () => !network.Isolated);
            var context = new IngestionContext(id, new IsolatableLog(appendLog, network), storage, Clock,
                notifier, Observer, options, registry, Random.Fork($"server-{i}"));
            // The server's Helix participant opens its metadata session and live instance.
            Servers.Add(new ServerActor(id, context, serverMetadata, HelixBus, viewListener, network) { Readiness = Readiness });
        }

        var topicSwitcher = new RealTimeTopicSwitcher(appendLog, Clock, Random.Fork("controller"), config.Options.Checksum);
        Controller = new VeniceControllerActor(new PushMonitor(Metadata, Observer, config.PushStrategy, topicSwitcher, Clock, defects));
        Controller.Lifecycle = new VersionLifecycle(this, defects);
        bool oneStore = stores.Count == 1;
        foreach (var store in stores)
        {
            var version = new StoreVersion(store.Name, 1);
            Controller.Monitor.StartPush(version, store.Setup.Partitions, store.Setup.ReplicationFactor, store.Config, store.Setup.PushStrategy);
        }
        Helix = new HelixControllerActor(Metadata, HelixBus, Clock, Observer, viewListener) { Readiness = Readiness };
        foreach (var store in stores) Helix.AddResource(new StoreVersion(store.Name, 1), store.Setup.Partitions, store.Setup.ReplicationFactor);
        foreach (var store in stores)
        {
            var version = new StoreVersion(store.Name, 1);
            // A single-store world keeps the historical actor names and random streams, so its traces stay byte-identical.
            string pushName = oneStore ? PushJobActor.SingleStoreName : $"{PushJobActor.SingleStoreName}-{store.Name}";
            var reference = new ReferenceModel(store.Setup.Partitions);
            var pushJob = new PushJobActor(pushName, version, store.Setup.Partitions, store.Setup.Push,
                appendLog, Clock, Random.Fork(pushName), config.Options.Checksum, config.Options.PushBatchRecords, reference, Observer);
            var runtime = new VersionRuntime(store, version, pushJob, reference);
            store.Add(runtime);
            store.PushJobs.Add(pushJob);
            versions.Add(runtime);
            store.RealtimeReferences.Add(reference);
            if (store.Setup.Hybrid && store.Setup.LaterPushes.Count > 0)
            {
                // Every real-time write, kept apart so a later version's reference starts with them (its leaders replay the RT).
                store.RealtimeHistory = new ReferenceModel(store.Setup.Partitions);
                store.RealtimeReferences.Add(store.RealtimeHistory);
            }
            for (int n = 0; n < store.Setup.LaterPushes.Count; n++)
            {
                var later = store.Setup.LaterPushes[n];
                var laterVersion = new StoreVersion(store.Name, n + 2);
                string laterName = $"{pushName}-v{laterVersion.Version}";
                // Its reference is the one the version gets when created; the push job records into it from then on.
                var laterPush = new PushJobActor(laterName, laterVersion, store.Setup.Partitions, later.Workload,
                    appendLog, Clock, Random.Fork(laterName), config.Options.Checksum, config.Options.PushBatchRecords,
                    new ReferenceModel(store.Setup.Partitions), Observer);
                laterPush.HoldUntilStarted();
                store.PushJobs.Add(laterPush);
                store.Pending.Enqueue(new PendingPush(laterVersion, laterPush, later.StartAtMs));
            }
        }

        actors.AddRange(Servers);
        actors.Add(Helix);
        actors.Add(Controller);
        foreach (var store in stores)
        {
            actors.AddRange(store.PushJobs);
            if (store.Setup.Hybrid && store.Setup.RealTime is { } realtime)
            {
                string rtName = oneStore ? RealtimeProducerActor.SingleStoreName : $"{RealtimeProducerActor.SingleStoreName}-{store.Name}";
                store.RealtimeProducer = new RealtimeProducerActor(rtName, store.Current.Version, store.Setup.Partitions, realtime,
                    appendLog, Clock, Random.Fork(rtName), config.Options.Checksum, store.RealtimeReferences, Observer, defects);
                actors.Add(store.RealtimeProducer);
            }
        }
        foreach (var server in Servers)
        {
            var engine = server.Context.Storage;
            server.OnRestart = () => DropStaleStorage(server, engine);
            server.OnReconnect = () => DropStaleStorage(server, engine);
        }
        // The attached actors (the fault injector) come last, so the world's own keep their scheduler indices.
        int ownActors = actors.Count;
        if (attachments is not null) actors.AddRange(attachments.Attach(this));
        Readiness.Bind(actors, Servers.Count, ownActors);
    }

    /// <summary>
    /// What the loop remembers of each actor's readiness (the ready set and the deadline queue,
    /// docs/design.md): the loop asks only the actors an event concerned since they last answered.
    /// </summary>
    public ActorReadiness Readiness { get; }

    /// <summary>
    /// The controller creates a later version (Venice's addVersion): its version topic, its push status
    /// (STARTED), its Helix resource, its reference model (with every real-time write so far for a hybrid
    /// store, whose new leaders replay the RT after TOPIC_SWITCH). The version-created hooks run after.
    /// </summary>
    internal VersionRuntime CreateVersion(StoreRuntime store, StoreVersion version, PushJobActor pushJob)
    {
        var setup = store.Setup;
        Log.CreateTopic(version.VersionTopic, setup.Partitions);
        Readiness.InvalidateAll();
        Controller.Monitor.StartPush(version, setup.Partitions, setup.ReplicationFactor, store.Config, setup.PushStrategy);
        Helix.AddResource(version, setup.Partitions, setup.ReplicationFactor);
        var reference = pushJob.Reference;
        if (store.RealtimeHistory is { } history) reference.CopyRealtimeLayerFrom(history);
        var runtime = new VersionRuntime(store, version, pushJob, reference);
        store.Add(runtime);
        versions.Add(runtime);
        store.RealtimeReferences.Add(reference);
        foreach (var hook in versionCreatedHooks) hook(runtime);
        return runtime;
    }

    private readonly List<Action<VersionRuntime>> versionCreatedHooks = new();

    /// <summary>Runs <paramref name="hook"/> whenever the controller creates a version after the world was built (checkers that watch one version attach here).</summary>
    public void OnVersionCreated(Action<VersionRuntime> hook) => versionCreatedHooks.Add(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>
    /// Kills the store's push in flight (the kill-push fault; Venice's killOfflinePush). Returns why
    /// nothing happened (no push in flight), or null.
    /// </summary>
    public string? KillPush(string? store)
    {
        var runtime = FindStore(store) ?? throw new ArgumentException($"no store named '{store}' in the world", nameof(store));
        Readiness.InvalidateAll();
        return Controller.Lifecycle!.KillPush(runtime);
    }

    /// <summary>
    /// A server starting again, or reconnecting under a new session, drops every partition it still stores that Helix does not place on it
    /// (neither assigned nor preferred): replicas of deleted versions, and replicas Helix took away while
    /// the server was down or cut off, whose drop message it never got. Venice's storage service makes the
    /// same check at start-up, and after a new session Helix carries the old replicas over as OFFLINE and
    /// drops those no longer in the ideal state (storage partitions not in the ideal state for the instance are removed, and
    /// storage engines of versions the store no longer has). Its customized-view entries of those
    /// replicas go with them. A replica Helix still places there keeps its data and recovers from its
    /// checkpoint.
    /// </summary>
    private void DropStaleStorage(ServerActor server, Venice.Core.Storage.IStorageEngine storage)
    {
        foreach (var version in versions)
        {
            // Seeded defect retire-without-drop: a retired version is forgotten, its replicas left alone.
            if (version.State == VersionState.Retired && Config.Defects.Contains(Venice.Core.Defects.SeededDefects.RetireWithoutDropName)) continue;
            for (int partition = 0; partition < version.Partitions; partition++)
            {
                if (Helix.IsPlaced(version.Version, partition, server.Id)) continue;
                if (storage.HasPartition(version.Version, partition))
                {
                    storage.DropPartition(version.Version, partition);
                    Observer.Note(server.Name, "drop-stale-storage", $"{version.Version}-{partition}");
                }
                string cv = MetadataPaths.CustomizedViewReplica(version.Version, partition, server.Id);
                if (Metadata.TryGet(cv, out _)) Metadata.Delete(cv, -1);
            }
        }
    }

    private readonly Dictionary<Type, object> parts = new();
    private readonly List<StoreRuntime> stores = new();
    private readonly List<VersionRuntime> versions = new();

    public WorldConfig Config { get; }

    /// <summary>Log records the fault injector destroyed on purpose.</summary>
    public InjectedLogFaults LogFaults { get; } = new();

    /// <summary>
    /// Registers a part a layer above attached (the invariant monitor, the fault injector), one per type,
    /// so that layer can find it again from the world (its extension properties, e.g. <c>world.Faults</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A part of that type is already attached.</exception>
    public void AddPart<T>(T part) where T : class
    {
        ArgumentNullException.ThrowIfNull(part);
        if (!parts.TryAdd(typeof(T), part)) throw new InvalidOperationException($"the world already has a {typeof(T).Name}");
    }

    /// <summary>The attached part of type <typeparamref name="T"/>, or null when none was attached.</summary>
    public T? Part<T>() where T : class => parts.TryGetValue(typeof(T), out var part) ? (T)part : null;

    /// <summary>
    /// Called by every driver after each step: the hooks run in the order attached (the fault injector's armed
    /// log faults strike, then the checkers that read the log catch up, then user invariants).
    /// </summary>
    public void AfterStep()
    {
        foreach (var hook in afterStepHooks) hook();
    }

    private readonly List<Action> afterStepHooks = new();
    private readonly List<Action<bool>> atEndHooks = new();

    /// <summary>Runs <paramref name="hook"/> after every step, after the hooks attached before it (user invariants hook in here, after the built-in checkers).</summary>
    public void OnAfterStep(Action hook) => afterStepHooks.Add(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Runs <paramref name="hook"/> once at the end of the run, after the end-state checks, with whether the world settled.</summary>
    public void OnEnd(Action<bool> hook) => atEndHooks.Add(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Called once by the end-state checks: the end hooks run.</summary>
    internal void RunEndHooks(bool quiescent)
    {
        foreach (var hook in atEndHooks) hook(quiescent);
    }

    public SimClock Clock { get; }

    public SimContext Context { get; }

    public SeededRandom Random { get; }

    public SimLog Log { get; }

    /// <summary>Closes the log's segment files and deletes them unless kept; nothing to do for an in-memory log.</summary>
    public void Dispose() => (Log as IDisposable)?.Dispose();

    public InMemoryMetadataStore Metadata { get; }

    /// <summary>The world's stores, in the order they were configured.</summary>
    public IReadOnlyList<StoreRuntime> Stores => stores;

    /// <summary>Every store-version of the world: stores in order, each store's versions oldest first.</summary>
    public IReadOnlyList<VersionRuntime> Versions => versions;

    /// <summary>The store-version, or null when the world has no such version.</summary>
    public VersionRuntime? VersionOf(StoreVersion version) => versions.FirstOrDefault(v => v.Version == version);

    /// <summary>The store a version belongs to, or null when the world has no such store.</summary>
    /// <summary>The named store; the first store when <paramref name="name"/> is null or empty (scenario files name none); null when there is no such store.</summary>
    public StoreRuntime? FindStore(string? name) =>
        string.IsNullOrEmpty(name) ? stores[0] : stores.FirstOrDefault(s => s.Name == name);

    public StoreRuntime? StoreOf(StoreVersion version) => stores.FirstOrDefault(s => s.Name == version.Store);

    /// <summary>
    /// The current version of the named store, or of the first store when <paramref name="store"/> is null:
    /// where a log or leadership fault aimed at a store lands.
    /// </summary>
    /// <exception cref="ArgumentException">No store of that name.</exception>
    public StoreVersion CurrentVersionOf(string? store) =>
        (store is null ? stores[0] : stores.FirstOrDefault(s => s.Name == store)
            ?? throw new ArgumentException($"no store named '{store}' in the world", nameof(store))).Current.Version;

    /// <summary>Single-store worlds: the only version.</summary>
    /// <exception cref="InvalidOperationException">The world has more than one store-version.</exception>
    public StoreVersion Version => Only.Version;

    /// <summary>Single-store worlds: the reference model of the only version.</summary>
    public ReferenceModel Reference => Only.Reference;

    private VersionRuntime Only => versions.Count == 1
        ? versions[0]
        : throw new InvalidOperationException($"the world has {versions.Count} store-versions; name one (Versions, VersionOf, StatusOf)");

    public ObserverFanout Observer { get; }

    public List<ServerActor> Servers { get; } = new();

    /// <summary>Each server's storage engine, by server id: in-memory unless the world chose another.</summary>
    public List<ISimulatedStorageEngine> StorageEngines { get; } = new();

    /// <summary>Venice's controller (push monitoring and version swap), not Helix's.</summary>
    public VeniceControllerActor Controller { get; }

    /// <summary>The Helix controller: replica assignment, leader election, transitions, external view.</summary>
    public HelixControllerActor Helix { get; }

    /// <summary>Carries Helix transition messages to the servers (delay and reordering faults act here).</summary>
    public HelixMessageBus HelixBus { get; }

    /// <summary>Single-store worlds: the push job of the only version.</summary>
    public PushJobActor PushJob => Only.PushJob;

    /// <summary>Single-store worlds: the store's nearline producer, if hybrid.</summary>
    public RealtimeProducerActor? RealtimeProducer => Only.Store.RealtimeProducer;

    /// <summary>Single-store worlds: the store's settings.</summary>
    public StoreConfig Store => Only.Store.Config;

    /// <summary>All actors in a fixed order (schedulers choose among them by index).</summary>
    public IReadOnlyList<ISimActor> Actors => actors;

    /// <summary>Single-store worlds: the only version's status (<see cref="StatusOf"/> names a version).</summary>
    public VersionStatus VersionStatus => StatusOf(Version);

    /// <summary>The version's status as the controller last wrote it (NOT_CREATED before).</summary>
    public VersionStatus StatusOf(StoreVersion version) =>
        Metadata.TryGet(MetadataPaths.VersionStatusNode(version), out var node) &&
        Enum.TryParse<VersionStatus>(node.Data, out var status) ? status : VersionStatus.NOT_CREATED;

    /// <summary>
    /// The versions' statuses in one word: the common status when all agree (a single-store world's status),
    /// else <c>store_v1=ONLINE,other_v1=ERROR</c> in version order.
    /// </summary>
    /// <remarks>
    /// When a store has several versions, what counts is the version serving reads at the end (the store's
    /// current version; its newest version when none became current): a failed or retired older or newer
    /// version is in the trace, not in this word.
    /// </remarks>
    public string DescribeVersionStatus()
    {
        var described = stores.All(s => s.Versions.Count == 1) ? versions : stores.Select(s => s.Serving ?? s.Versions[^1]).ToList();
        var statuses = described.Select(v => StatusOf(v.Version)).ToArray();
        return statuses.Distinct().Count() == 1
            ? statuses[0].ToString()
            : string.Join(",", described.Select((v, i) => $"{v.Version}={statuses[i]}"));
    }
}
