namespace Venice.Sim.Tracing;

/// <summary>One line of a trace: at which step and sim time which actor did what.</summary>
public sealed record TraceEvent(long Step, long SimTimeMs, string Actor, string Kind, string Detail);

/// <summary>The header line of a trace (docs/cli.md#trace-format).</summary>
public sealed record TraceHeader(
    int FormatVersion,
    string Scenario,
    long Seed,
    IReadOnlyList<string> Defects,
    IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>The only format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>
    /// The scenario file relative to the working directory, '/'-separated (never an absolute machine
    /// path), so that <c>venice-sim replay</c> can find and re-run it.
    /// </summary>
    public string ScenarioPath { get; init; } = string.Empty;

    /// <summary>
    /// For a run Coyote found (`venice-sim explore`): Coyote's reproducible schedule, which `replay`
    /// hands back to Coyote to run the same iteration again. Null for a seeded run.
    /// </summary>
    public string? CoyoteSchedule { get; init; }

    /// <summary>
    /// For a run the exhaustive mode found (`venice-sim exhaust`): its schedule of moves (enabled-actor
    /// indices and faults, docs/exhaustive.md#schedules), which `replay` plays again. Null otherwise.
    /// </summary>
    public string? ExplicitSchedule { get; init; }
}

/// <summary>Receives trace lines in order. Implementations must not reorder or drop them.</summary>
public interface ITraceSink
{
    void WriteHeader(TraceHeader header);

    void Write(TraceEvent traceEvent);
}
