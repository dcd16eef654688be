namespace Venice.Sim.Scenarios;

/// <summary>
/// The resource bounds of a scenario file (docs/scenarios.md#limits). `check` accepting a file must
/// mean `run` can run it: without bounds a file of a few bytes asks for 2^31 records, 2 GB values or
/// a billion random crashes, and exhausts memory or never ends. Each bound is above what the
/// library's largest scenario (scenarios/scale/scale-10m.yaml: a 9 M-record push, 1 M keys, 1.6 M steps) uses.
/// </summary>
internal static class ScenarioLimits
{
    /// <summary>Bytes in a scenario file; the library's files are a few KiB.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Nesting of mappings and lists; a scenario needs 5 (faults[i].when.milestone.key).</summary>
    public const int MaxDepth = 32;

    public const int MaxServers = 256;

    public const int MaxPartitions = 4096;

    /// <summary>Records of the push, and of the realtime producer, each.</summary>
    public const int MaxRecords = 10_000_000;

    public const int MaxKeys = 10_000_000;

    public const int MaxValueBytes = 1 << 20;

    /// <summary>Value bytes of a whole store (push and realtime records times their value size), which the simulated log keeps in memory.</summary>
    public const long MaxStoreBytes = 1L << 30;

    /// <summary>Value bytes of the whole scenario: every store's push and realtime records and every later push.</summary>
    public const long MaxScenarioBytes = 1L << 31;

    /// <summary>Entries of `moreStores:` (stores beyond the first); each store is a Helix resource and an ingestion task per version and server.</summary>
    public const int MaxMoreStores = 63;

    /// <summary>Entries of `pushes:` (later versions over all stores).</summary>
    public const int MaxLaterPushes = 1_000;

    public const int MaxRatePerSecond = 1_000_000;

    /// <summary>Explicit faults in the list, and random faults of each kind.</summary>
    public const int MaxFaults = 10_000;

    public const int MaxOccurrence = 1_000_000;

    /// <summary>Entries of a `schedule:`; a shrunk regression needs a dozen.</summary>
    public const int MaxScheduleDecisions = 100_000;

    /// <summary>The latest step a `schedule:` entry may name: a scenario run's step bound (WorldSpec.MaxSteps).</summary>
    public const long MaxScheduleStep = 5_000_000;

    /// <summary>A `schedule:` choice (taken modulo the enabled actors).</summary>
    public const int MaxScheduleChoice = 1_000_000;

    /// <summary>Any duration (30 days of sim time), so sums of durations cannot overflow.</summary>
    public const long MaxDurationMs = 30L * 24 * 60 * 60 * 1000;
}
