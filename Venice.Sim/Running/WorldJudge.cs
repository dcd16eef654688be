using Venice.Sim.World;
using Venice.Sim.Invariants;

namespace Venice.Sim.Running;

/// <summary>Compares how a world ended with what it was expected to end with: the one judge every driver uses.</summary>
public static class WorldJudge
{
    /// <summary>The run's result: passed when the version status and the set of violated invariants are as expected.</summary>
    public static RunResult Judge(SimWorld world, string name, long seed, IReadOnlyList<string> defects,
        string expectedVersionStatus, IReadOnlyList<string> expectedViolations)
    {
        var failures = new List<string>();
        string versionStatus = world.DescribeVersionStatus();
        var statuses = world.Versions.Select(v => new VersionOutcome(v.Version.VersionTopic, world.StatusOf(v.Version).ToString())).ToArray();
        // The expected status is each store's: that of the version serving reads at the end (its current
        // version), or of its newest version when none ever became current. A single-version world's status.
        var judged = world.Stores
            .Select(s => s.Serving ?? s.Versions[^1])
            .Select(v => new VersionOutcome(v.Version.VersionTopic, world.StatusOf(v.Version).ToString()))
            .ToArray();
        foreach (var status in judged.Where(s => !string.Equals(s.Status, expectedVersionStatus, StringComparison.Ordinal)))
        {
            failures.Add(statuses.Length == 1
                ? $"expected version status {expectedVersionStatus}, got {status.Status}"
                : $"expected version status {expectedVersionStatus} for {status.Version}, got {status.Status}");
        }
        var fired = world.Invariants.FiredInvariants;
        foreach (var expected in expectedViolations.Where(e => !fired.Contains(e)))
        {
            failures.Add($"expected a violation of {expected}, none was detected");
        }
        foreach (var unexpected in fired.Where(f => !expectedViolations.Contains(f)))
        {
            failures.Add($"unexpected violation of {unexpected}");
        }
        return new RunResult(name, seed, defects,
            failures.Count == 0 ? RunOutcome.Passed : RunOutcome.Failed, versionStatus,
            world.Invariants.Violations, failures, world.Context.Step, world.Clock.NowMs, TraceSha256: "")
        {
            VersionStatuses = statuses,
        };
    }
}
