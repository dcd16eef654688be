using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Ingestion;
using Venice.Core.Storage;

namespace Venice.Sim.World;

/// <summary>Everything needed to build a world, whether from a scenario file, an FsCheck generator or a test.</summary>
public sealed record WorldConfig
{
    public required int Servers { get; init; }

    public required int Partitions { get; init; }

    public required int ReplicationFactor { get; init; }

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

    /// <summary>Seeded defects to turn on (DESIGN.md §6); none by default.</summary>
    public IReadOnlyList<string> Defects { get; init; } = [];

    /// <summary>The bound on steps for one run.</summary>
    public long MaxSteps { get; init; } = 5_000_000;
}
