namespace Venice.Sim.Running;

/// <summary>Whether a run met its expectation.</summary>
public enum RunOutcome
{
    Passed,
    Failed,
}

/// <summary>An invariant violation as reported to users (DESIGN.md §8).</summary>
public sealed record Violation(string Invariant, string Message, long SimTimeMs, long Step);

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
}
