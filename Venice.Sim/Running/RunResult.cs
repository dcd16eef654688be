using Venice.Sim.Model;

namespace Venice.Sim.Running;

/// <summary>Whether a run met its expectation.</summary>
public enum RunOutcome
{
    Passed,
    Failed,
}

/// <summary>How one store-version ended.</summary>
/// <param name="Version">The version topic name, <c>store_vN</c>.</param>
/// <param name="Status">Its version status at the end.</param>
public sealed record VersionOutcome(string Version, string Status);

/// <summary>What a run produced; the CLI turns it into human output or the --json summary.</summary>
public sealed record RunResult(
    string Scenario,
    long Seed,
    IReadOnlyList<string> Defects,
    RunOutcome Outcome,
    string VersionStatus,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<string> ExpectationFailures,
    long Steps,
    long SimTimeMs,
    string TraceSha256)
{
    /// <summary>The explicit faults that took effect, in scheduling order.</summary>
    public IReadOnlyList<FaultOutcome> FiredFaults { get; init; } = [];

    /// <summary>The explicit faults that never took effect, with why: a run that meant to test them did not.</summary>
    public IReadOnlyList<FaultOutcome> UnfiredFaults { get; init; } = [];

    /// <summary>The same result with the fault fates of <paramref name="outcomes"/>.</summary>
    public RunResult WithFaults(IReadOnlyList<FaultOutcome> outcomes) => this with
    {
        FiredFaults = outcomes.Where(o => o.Fired).ToArray(),
        UnfiredFaults = outcomes.Where(o => !o.Fired).ToArray(),
    };

    /// <summary>Every store-version's status at the end, stores in order, versions oldest first.</summary>
    public IReadOnlyList<VersionOutcome> VersionStatuses { get; init; } = [];

    /// <summary>The trace's events when the world was built to record them (<c>WorldBuilder.WithRecordedTrace</c>); empty otherwise.</summary>
    public IReadOnlyList<Venice.Sim.Tracing.TraceEvent> TraceEvents { get; init; } = [];
}
