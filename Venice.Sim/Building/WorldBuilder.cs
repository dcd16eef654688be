using Venice.Core;
using Venice.Core.Reporting;
using Venice.Core.Storage;
using Venice.Sim.Model;

namespace Venice.Sim;

/// <summary>How many faults of each kind the seed (or Coyote, or FsCheck) places during the fault phase, within Venice's timing assumptions.</summary>
/// <param name="Crashes">Crashes, each followed by a restart.</param>
/// <param name="SessionExpiries">Metadata session expiries.</param>
/// <param name="Pauses">Pauses shorter than the session timeout.</param>
/// <param name="Isolations">Isolations shorter than the session timeout.</param>
public sealed record RandomFaults(int Crashes = 0, int SessionExpiries = 0, int Pauses = 0, int Isolations = 0)
{
    /// <summary>No random faults.</summary>
    public static RandomFaults None { get; } = new();

    /// <summary>Where the faults land: at write-path milestones (the default) or at times in the fault phase (docs/faults.md).</summary>
    public RandomPlacement Placement { get; init; } = RandomPlacement.Milestones;

    /// <summary>The milestones to aim at (each fault's is chosen among them); null for the default menu, <see cref="RandomFaultSpec.DefaultAim"/>.</summary>
    public IReadOnlyList<MilestoneKind>? AimAt { get; init; }

    /// <summary>True when any fault is asked for.</summary>
    public bool Any => Crashes + SessionExpiries + Pauses + Isolations > 0;
}

/// <summary>What a run must end with to pass: each store's version status and exactly these violated invariants.</summary>
/// <param name="VersionStatus">The status every store's version must end in.</param>
/// <param name="Violations">The invariants that must fire (and no others).</param>
public sealed record Expectation(VersionStatus VersionStatus, IReadOnlyList<string> Violations)
{
    /// <summary>A healthy run: every version ONLINE, no invariant violated.</summary>
    public static Expectation Healthy { get; } = new(VersionStatus.ONLINE, []);
}

/// <summary>
/// Everything a world is made of, as data: what <see cref="WorldBuilder"/> accumulates and what scenario
/// files load into. Immutable; WorldBuilder.Build turns it into a running world.
/// </summary>
public sealed record WorldSpec
{
    /// <summary>The fault phase unless a world or scenario says otherwise (the one place this default is written).</summary>
    public static readonly TimeSpan DefaultFaultsUntil = TimeSpan.FromSeconds(60);

    /// <summary>The settle bound unless a world or scenario says otherwise.</summary>
    public static readonly TimeSpan DefaultSettleWithin = TimeSpan.FromSeconds(600);

    /// <summary>The most servers a simulated world may have.</summary>
    public const int MaxServers = 256;

    /// <summary>The run's seed: same spec and seed, byte-identical trace.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>A name for traces and reports (a scenario's name).</summary>
    public string Name { get; init; } = "world";

    /// <summary>Storage servers (1..<see cref="MaxServers"/>).</summary>
    public int Servers { get; init; } = 3;

    /// <summary>The stores, in order.</summary>
    public IReadOnlyList<StoreDefinition> Stores { get; init; } = [];

    /// <summary>Per store (by name): its pushes in order; push n creates version n.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IWorkload>> Pushes { get; init; } = new SortedDictionary<string, IReadOnlyList<IWorkload>>(StringComparer.Ordinal);

    /// <summary>
    /// Per store (by name): when each push starts, aligned with <see cref="Pushes"/>; null (or a missing entry)
    /// means as soon as the store's previous push is done. The first push always starts at time 0.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TimeSpan?>> PushStarts { get; init; } = new SortedDictionary<string, IReadOnlyList<TimeSpan?>>(StringComparer.Ordinal);

    /// <summary>Per hybrid store (by name): its real-time writes.</summary>
    public IReadOnlyDictionary<string, IWorkload> RealTime { get; init; } = new SortedDictionary<string, IWorkload>(StringComparer.Ordinal);

    /// <summary>Venice config overrides by their Venice names, in order (docs/options.md).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Config { get; init; } = [];

    /// <summary>Seeded defects to turn on, by catalog name (docs/defects.md).</summary>
    public IReadOnlyList<string> Defects { get; init; } = [];

    /// <summary>Explicit faults.</summary>
    public IReadOnlyList<Fault> Faults { get; init; } = [];

    /// <summary>Faults placed by the seed.</summary>
    public RandomFaults RandomFaults { get; init; } = RandomFaults.None;

    /// <summary>The end of the fault phase (faults healed then).</summary>
    public TimeSpan FaultsUntil { get; init; } = DefaultFaultsUntil;

    /// <summary>How long the settle phase may take to reach quiescence.</summary>
    public TimeSpan SettleWithin { get; init; } = DefaultSettleWithin;

    /// <summary>The bound on steps for one run.</summary>
    public long MaxSteps { get; init; } = 5_000_000;

    /// <summary>The user's own invariants (a factory each, so every built world gets fresh ones).</summary>
    public IReadOnlyList<Func<IInvariant>> Invariants { get; init; } = [];

    /// <summary>Wraps a server's storage engine (e.g. a deliberately broken one, to show a check catches it).</summary>
    public Func<ServerId, IStorageEngine, IStorageEngine>? WrapStorage { get; init; }

    /// <summary>Creates each server's storage engine; in-memory when null.</summary>
    public Func<ServerId, ISimulatedStorageEngine>? CreateStorage { get; init; }

    /// <summary>Keep the log's records in segment files; in memory when null.</summary>
    public Venice.Sim.Files.FileLogOptions? FileLog { get; init; }

    /// <summary>What the run must end with.</summary>
    public Expectation Expect { get; init; } = Expectation.Healthy;

    /// <summary>Keep the trace's events in memory so the run's result carries them (<c>RunResult.TraceEvents</c>).</summary>
    public bool RecordTrace { get; init; }

    /// <summary>
    /// An explicit schedule (docs/scenarios.md#schedule): the steps where the interleaving departs from the
    /// canonical round-robin order. Null (the default) lets the seeded scheduler choose every step.
    /// </summary>
    public IReadOnlyList<ScheduleDecision>? Schedule { get; init; }
}

/// <summary>
/// Builds a world in code: <c>SimWorld.Create(7).WithServers(3).WithStore(StoreDefinition.Hybrid("orders", 2, 3))
/// .WithPush("orders", Workload.Puts(2000, 500, 100)).WithFault(Fault.Crash(1).At(TimeSpan.FromSeconds(4))).Build()</c>.
/// Immutable: every method returns a new builder, so one builder can be a factory for many runs (seeds,
/// Coyote iterations, FsCheck cases). Every method validates its arguments and throws an
/// <see cref="ArgumentException"/> naming the parameter and the allowed range.
/// </summary>
public sealed class WorldBuilder
{
    private WorldBuilder(WorldSpec spec) => Spec = spec;

    /// <summary>The world as data so far.</summary>
    public WorldSpec Spec { get; }

    /// <summary>A builder for a world run with <paramref name="seed"/>, three servers and no stores yet.</summary>
    public static WorldBuilder Create(long seed) => new(new WorldSpec { Seed = seed });

    /// <summary>A builder over an existing spec (scenario files load into this).</summary>
    public static WorldBuilder From(WorldSpec spec) => new(spec ?? throw new ArgumentNullException(nameof(spec)));

    /// <summary>The same world with another seed.</summary>
    public WorldBuilder WithSeed(long seed) => new(Spec with { Seed = seed });

    /// <summary>Names the world (traces and reports).</summary>
    public WorldBuilder WithName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("a world name must not be empty", nameof(name)) : new(Spec with { Name = name });

    /// <summary>The number of storage servers, 1..<see cref="WorldSpec.MaxServers"/>.</summary>
    public WorldBuilder WithServers(int count) =>
        count is < 1 or > WorldSpec.MaxServers
            ? throw new ArgumentOutOfRangeException(nameof(count), count, $"servers must be within 1..{WorldSpec.MaxServers}")
            : new(Spec with { Servers = count });

    /// <summary>Adds a store. Its replication factor is checked against the servers when the world is built.</summary>
    public WorldBuilder WithStore(StoreDefinition store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Partitions is < 1 or > StoreDefinition.MaxPartitions)
            throw new ArgumentOutOfRangeException(nameof(store), store.Partitions, $"store {store.Name}: partitions must be within 1..{StoreDefinition.MaxPartitions}");
        if (store.ReplicationFactor < 1)
            throw new ArgumentOutOfRangeException(nameof(store), store.ReplicationFactor, $"store {store.Name}: replicationFactor must be >= 1");
        if (store.VersionsToPreserve < 1)
            throw new ArgumentOutOfRangeException(nameof(store), store.VersionsToPreserve, $"store {store.Name}: versionsToPreserve must be >= 1 (the current version is always kept)");
        if (Spec.Stores.Any(s => s.Name == store.Name))
            throw new ArgumentException($"store {store.Name} is already in the world", nameof(store));
        return new(Spec with { Stores = [.. Spec.Stores, store] });
    }

    /// <summary>
    /// Adds a push to a store: its first push creates version 1 at time 0, each later one the next version,
    /// starting as soon as the store's previous push is done (ONLINE, failed or killed). The new version
    /// ingests while the current one serves, becomes current once ONLINE, and versions beyond the store's
    /// <see cref="StoreDefinition.VersionsToPreserve"/> are retired.
    /// </summary>
    /// <exception cref="ArgumentException">No such store; a workload with UPDATEs is refused when the world is built (not modelled yet).</exception>
    public WorldBuilder WithPush(string store, IWorkload workload) => AddPush(store, workload, null);

    /// <summary>
    /// Adds a later push to a store that starts at <paramref name="startAt"/> (sim time), whether or not the
    /// previous push is done; start times of a store's pushes may not go backwards.
    /// </summary>
    /// <exception cref="ArgumentException">No such store, no first push yet, or a start before the previous timed push's.</exception>
    public WorldBuilder WithPush(string store, IWorkload workload, TimeSpan startAt)
    {
        if (startAt < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(startAt), startAt, "must be >= 0");
        if (!Spec.Pushes.TryGetValue(store ?? "", out var existing) || existing.Count == 0)
            throw new ArgumentException($"store {store} has no push yet; its first push starts at time 0, add it with WithPush(store, workload)", nameof(store));
        if (Spec.PushStarts.TryGetValue(store!, out var starts) && starts.LastOrDefault(s => s is not null) is { } previous && startAt < previous)
            throw new ArgumentOutOfRangeException(nameof(startAt), startAt, $"store {store}: a push may not start before the previous one ({previous})");
        return AddPush(store!, workload, startAt);
    }

    private WorldBuilder AddPush(string store, IWorkload workload, TimeSpan? startAt)
    {
        RequireStore(store, nameof(store));
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Records < 0) throw new ArgumentOutOfRangeException(nameof(workload), workload.Records, "records must be >= 0");
        var pushes = new SortedDictionary<string, IReadOnlyList<IWorkload>>(StringComparer.Ordinal);
        foreach (var (name, list) in Spec.Pushes) pushes[name] = list;
        var own = pushes.TryGetValue(store, out var existing) ? existing : [];
        pushes[store] = [.. own, workload];
        var startTimes = new SortedDictionary<string, IReadOnlyList<TimeSpan?>>(StringComparer.Ordinal);
        foreach (var (name, list) in Spec.PushStarts) startTimes[name] = list;
        var ownStarts = startTimes.TryGetValue(store, out var known) ? known.ToList() : new List<TimeSpan?>();
        while (ownStarts.Count < own.Count) ownStarts.Add(null);
        ownStarts.Add(startAt);
        startTimes[store] = ownStarts;
        return new(Spec with { Pushes = pushes, PushStarts = startTimes });
    }

    /// <summary>Sets a hybrid store's real-time writes.</summary>
    public WorldBuilder WithRealtime(string store, IWorkload workload)
    {
        var definition = RequireStore(store, nameof(store));
        ArgumentNullException.ThrowIfNull(workload);
        if (definition.Kind != StoreKind.Hybrid) throw new ArgumentException($"store {store} is a batch store; real-time writes need a hybrid store", nameof(store));
        if (workload.RatePerSecond is not > 0) throw new ArgumentOutOfRangeException(nameof(workload), workload.RatePerSecond, "a real-time workload needs a rate > 0 records per second");
        var realtime = new SortedDictionary<string, IWorkload>(StringComparer.Ordinal);
        foreach (var (name, w) in Spec.RealTime) realtime[name] = w;
        realtime[store] = workload;
        return new(Spec with { RealTime = realtime });
    }

    /// <summary>Overrides a Venice config by its Venice name (docs/options.md lists them); the value is checked when the world is built.</summary>
    public WorldBuilder WithConfig(string veniceName, string value)
    {
        if (string.IsNullOrWhiteSpace(veniceName)) throw new ArgumentException("a config name must not be empty", nameof(veniceName));
        ArgumentNullException.ThrowIfNull(value);
        return new(Spec with { Config = [.. Spec.Config, new(veniceName, value)] });
    }

    /// <summary>Turns on a seeded defect by its catalog name (docs/defects.md).</summary>
    public WorldBuilder WithDefect(string defect)
    {
        if (!Venice.Sim.Model.DefectNames.Catalog.Contains(defect))
            throw new ArgumentException($"unknown defect '{defect}'; expected one of: {Venice.Sim.Model.DefectNames.Catalog.Describe()}", nameof(defect));
        return Spec.Defects.Contains(defect) ? this : new(Spec with { Defects = [.. Spec.Defects, defect] });
    }

    /// <summary>Adds an explicit fault.</summary>
    public WorldBuilder WithFault(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new(Spec with { Faults = [.. Spec.Faults, fault] });
    }

    /// <summary>Asks the seed to place faults during the fault phase.</summary>
    public WorldBuilder WithRandomFaults(RandomFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        if (faults.Crashes < 0 || faults.SessionExpiries < 0 || faults.Pauses < 0 || faults.Isolations < 0)
            throw new ArgumentOutOfRangeException(nameof(faults), faults, "fault counts must be >= 0");
        return new(Spec with { RandomFaults = faults });
    }

    /// <summary>Adds a user invariant; the factory is called once per built world.</summary>
    public WorldBuilder WithInvariant(Func<IInvariant> invariant)
    {
        ArgumentNullException.ThrowIfNull(invariant);
        return new(Spec with { Invariants = [.. Spec.Invariants, invariant] });
    }

    /// <summary>The fault phase and the settle bound.</summary>
    public WorldBuilder WithPhases(TimeSpan faultsUntil, TimeSpan settleWithin)
    {
        if (faultsUntil < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(faultsUntil), faultsUntil, "must be >= 0");
        if (settleWithin <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(settleWithin), settleWithin, "must be > 0");
        return new(Spec with { FaultsUntil = faultsUntil, SettleWithin = settleWithin });
    }

    /// <summary>
    /// Runs the world with an explicit schedule instead of the seeded scheduler: each decision picks the
    /// actor at one step, every other step follows the canonical round-robin order (docs/scenarios.md#schedule).
    /// An empty schedule is the canonical order throughout.
    /// </summary>
    /// <exception cref="ArgumentException">A step below 0 or not above the previous one, or a choice below 0.</exception>
    public WorldBuilder WithSchedule(IEnumerable<ScheduleDecision> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var list = schedule.ToArray();
        ScheduleDecision.Validate(list, nameof(schedule));
        return new(Spec with { Schedule = list });
    }

    /// <summary>Keeps the run's trace events in memory: <c>RunResult.TraceEvents</c> lists them.</summary>
    public WorldBuilder WithRecordedTrace() => new(Spec with { RecordTrace = true });

    /// <summary>The step bound of one run (> 0).</summary>
    public WorldBuilder WithMaxSteps(long maxSteps) =>
        maxSteps < 1 ? throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "must be >= 1") : new(Spec with { MaxSteps = maxSteps });

    /// <summary>Wraps every server's storage engine.</summary>
    public WorldBuilder WithStorage(Func<ServerId, IStorageEngine, IStorageEngine> wrap) =>
        new(Spec with { WrapStorage = wrap ?? throw new ArgumentNullException(nameof(wrap)) });

    /// <summary>
    /// Each server's storage engine, created per server by <paramref name="create"/> (e.g.
    /// <c>id => new RocksDbStorageEngine(Path.Combine(root, $"server-{id.Value}"))</c>); in-memory by
    /// default. The crash fault calls <see cref="ISimulatedStorageEngine.Crash"/>. The caller owns what
    /// the engines hold (directories, native handles) and disposes of it after the run.
    /// </summary>
    public WorldBuilder WithStorage(Func<ServerId, ISimulatedStorageEngine> create) =>
        new(Spec with { CreateStorage = create ?? throw new ArgumentNullException(nameof(create)) });

    /// <summary>
    /// The log keeps its records in segment files (<see cref="Venice.Sim.Files.FileLog"/>) instead of
    /// memory, read back through System.IO.Pipelines: what bounds a world of tens of millions of records.
    /// The trace is the same as with the in-memory log. Each built world makes a directory of its own
    /// under <paramref name="parentDirectory"/> (the temporary directory by default) and deletes it when
    /// the world is disposed, unless <paramref name="keep"/>.
    /// </summary>
    public WorldBuilder WithFileLog(string? parentDirectory = null, bool keep = false) =>
        new(Spec with { FileLog = new Venice.Sim.Files.FileLogOptions(parentDirectory, keep) });

    /// <summary>What the run must end with (default: every version ONLINE, no violation).</summary>
    public WorldBuilder Expect(VersionStatus versionStatus, params string[] violations) =>
        new(Spec with { Expect = new Expectation(versionStatus, violations) });

    private StoreDefinition RequireStore(string store, string parameter) =>
        Spec.Stores.FirstOrDefault(s => s.Name == store)
        ?? throw new ArgumentException($"no store named '{store}' in the world; add it with WithStore first", parameter);
}
