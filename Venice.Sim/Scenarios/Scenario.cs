namespace Venice.Sim.Scenarios;

/// <summary>A parsed, validated scenario file (DESIGN.md §7). Times are in sim milliseconds.</summary>
public sealed record Scenario(
    string Name,
    string Description,
    long Seed,
    ClusterSpec Cluster,
    StoreSpec Store,
    IReadOnlyList<KeyValuePair<string, string>> Config,
    IReadOnlyList<FaultSpec> Faults,
    RandomFaultSpec Random,
    IReadOnlyList<string> Defects,
    PhasesSpec Phases,
    ExpectSpec Expect,
    string SourcePath);

public sealed record ClusterSpec(int Servers, int Partitions, int ReplicationFactor);

public sealed record StoreSpec(string Name, StoreKind Kind, PushSpec Push, RealtimeSpec? Realtime);

public sealed record PushSpec(int Records, int Keys, int ValueBytes);

public sealed record RealtimeSpec(int Records, int RatePerSecond, int Keys, int ValueBytes);

public enum FaultSpecKind
{
    Crash,
    Restart,
    ExpireSession,
    Isolate,
    Pause,
    LoseRecord,
    CorruptRecord,
    FailProduce,
    DelayTransitions,
    MoveLeader,
}

/// <summary>
/// One explicit fault. Server is set for server faults; Topic ("version"|"realtime") and Partition
/// for log faults; DurationMs for isolate, pause, delayTransitions and failProduce.
/// </summary>
public sealed record FaultSpec(
    long AtMs,
    FaultSpecKind Kind,
    int? Server,
    long? DurationMs,
    string? Topic,
    int? Partition,
    int Line,
    int Column);

public sealed record RandomFaultSpec(int Crashes, int SessionExpiries, int Pauses, int Isolations)
{
    public static RandomFaultSpec None { get; } = new(0, 0, 0, 0);

    public bool Any => Crashes + SessionExpiries + Pauses + Isolations > 0;
}

public sealed record PhasesSpec(long FaultsUntilMs, long SettleWithinMs)
{
    public static PhasesSpec Default { get; } = new(60_000, 600_000);
}

public sealed record ExpectSpec(string VersionStatus, IReadOnlyList<string> Violations);
