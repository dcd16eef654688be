using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Ingestion;
using Venice.Core.Storage;
using Venice.Sim.Model;

namespace Venice.Sim.World;

/// <summary>
/// One store of a world as the world builds it: its shape, its store-level settings, its push and (for a
/// hybrid store) its real-time writes. Settings here are resolved: no "take the world's default".
/// </summary>
public sealed record WorldStoreConfig
{
    /// <summary>The store's name (its topics are <c>name_vN</c> and <c>name_rt</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Partitions of every version.</summary>
    public required int Partitions { get; init; }

    /// <summary>Replicas per partition.</summary>
    public required int ReplicationFactor { get; init; }

    /// <summary>A hybrid store: its leaders replay the RT into the VT after TOPIC_SWITCH.</summary>
    public bool Hybrid { get; init; }

    /// <summary>The hybrid store's offsetLagThresholdToGoOnline.</summary>
    public long OffsetLagThresholdToGoOnline { get; init; } = 1000;

    /// <summary>The hybrid store's rewind time.</summary>
    public long RewindTimeMs { get; init; } = 86_400_000;

    /// <summary>The store's offline push strategy.</summary>
    public PushStrategy PushStrategy { get; init; } = PushStrategy.WaitNMinusOne;

    /// <summary>The records of the store's first push (version 1).</summary>
    public IWorkload Push { get; init; } = Workload.Puts(0, 1, 0);

    /// <summary>The hybrid store's real-time writes; null for none.</summary>
    public IWorkload? RealTime { get; init; }

    /// <summary>The store's pushes after the first, in order: the n-th creates version n + 1.</summary>
    public IReadOnlyList<WorldPushConfig> LaterPushes { get; init; } = [];

    /// <summary>How many versions the store keeps: the current one and the newest backups (Venice's numVersionsToPreserve).</summary>
    public int VersionsToPreserve { get; init; } = 2;
}

/// <summary>A push after a store's first: its records and when it starts.</summary>
/// <param name="Workload">The records the push writes to its new version.</param>
/// <param name="StartAtMs">The sim time the push starts; null: as soon as the store's previous push is done (ONLINE, failed or killed).</param>
public sealed record WorldPushConfig(IWorkload Workload, long? StartAtMs);

/// <summary>
/// Everything needed to build a world, whether from a scenario file, an FsCheck generator or a test.
/// A world with several stores lists them in <see cref="Stores"/>; when that is empty the single-store
/// properties (<see cref="Partitions"/>, <see cref="PushRecords"/>, ...) describe its one store.
/// </summary>
public sealed record WorldConfig
{
    public required int Servers { get; init; }

    /// <summary>The stores of the world, in order; empty means the one store the single-store properties describe.</summary>
    public IReadOnlyList<WorldStoreConfig> Stores { get; init; } = [];

    /// <summary>Single-store worlds: the store's partitions (ignored when <see cref="Stores"/> is set).</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Single-store worlds: the store's replication factor.</summary>
    public int ReplicationFactor { get; init; } = 1;

    public string StoreName { get; init; } = "store";

    public int PushRecords { get; init; } = 1000;

    public int PushKeys { get; init; } = 1000;

    public int ValueBytes { get; init; } = 100;

    /// <summary>A hybrid store: its leaders replay the RT into the VT after TOPIC_SWITCH.</summary>
    public bool Hybrid { get; init; }

    /// <summary>The hybrid store's offsetLagThresholdToGoOnline (Venice default 1000).</summary>
    public long OffsetLagThresholdToGoOnline { get; init; } = 1000;

    /// <summary>The hybrid store's rewind time (Venice default 86400 s).</summary>
    public long RewindTimeMs { get; init; } = 86_400_000;

    public int RealtimeRecords { get; init; }

    public int RealtimeRatePerSecond { get; init; } = 100;

    public int RealtimeKeys { get; init; } = 100;

    public int RealtimeValueBytes { get; init; } = 100;

    public long Seed { get; init; } = 1;

    public IngestionOptions Options { get; init; } = IngestionOptions.Defaults;

    public PushStrategy PushStrategy { get; init; } = PushStrategy.WaitNMinusOne;

    /// <summary>
    /// Test hook: wraps a server's storage engine (e.g. to build a deliberately broken world that drops
    /// a write, so a test can show the harness catches it). Never set by scenarios.
    /// </summary>
    public Func<ServerId, IStorageEngine, IStorageEngine>? WrapStorage { get; init; }

    /// <summary>Creates a server's storage engine (e.g. RocksDB in a directory per server); in-memory when null.</summary>
    public Func<ServerId, ISimulatedStorageEngine>? CreateStorage { get; init; }

    /// <summary>Keep the log's records in segment files (<see cref="Venice.Sim.Files.FileLog"/>); in memory when null.</summary>
    public Venice.Sim.Files.FileLogOptions? FileLog { get; init; }

    /// <summary>Seeded defects to turn on (docs/defects.md); none by default.</summary>
    public IReadOnlyList<string> Defects { get; init; } = [];

    /// <summary>The bound on steps for one run.</summary>
    public long MaxSteps { get; init; } = 5_000_000;

    /// <summary>The stores to build: <see cref="Stores"/>, or the one store of the single-store properties.</summary>
    public IReadOnlyList<WorldStoreConfig> StoresToBuild => Stores.Count > 0 ? Stores :
    [
        new WorldStoreConfig
        {
            Name = StoreName,
            Partitions = Partitions,
            ReplicationFactor = ReplicationFactor,
            Hybrid = Hybrid,
            OffsetLagThresholdToGoOnline = OffsetLagThresholdToGoOnline,
            RewindTimeMs = RewindTimeMs,
            PushStrategy = PushStrategy,
            Push = Workload.Puts(Math.Max(0, PushRecords), Math.Max(1, PushKeys), Math.Max(0, ValueBytes)),
            RealTime = Hybrid
                ? Workload.RealTime(Math.Max(0, RealtimeRecords), Math.Max(1, RealtimeKeys), Math.Max(0, RealtimeValueBytes), Math.Max(1, RealtimeRatePerSecond))
                : null,
        },
    ];
}
