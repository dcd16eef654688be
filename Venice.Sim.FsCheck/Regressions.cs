using Venice.Sim.Model;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;

namespace Venice.Sim.FsCheck;

/// <summary>
/// Keeps a shrunk counterexample as a regression scenario file (docs/scenarios.md#scenariosregressions):
/// call <see cref="Save"/> from a property when it fails, check the file in, and the scenario library
/// replays it on every test run.
/// </summary>
public static class Regressions
{
    /// <summary>
    /// Runs <paramref name="failoverCase"/> (with <paramref name="defect"/> when not null), then writes the world and
    /// what the run ended with (version status, the invariants it violated) to
    /// <c><paramref name="directory"/>/<paramref name="name"/>.yaml</c>.
    /// </summary>
    /// <param name="name">The scenario's kebab-case name; by default <c>{defect}-failover-seed-{seed}</c>.</param>
    /// <returns>The path of the file written.</returns>
    /// <exception cref="ArgumentException">The case cannot be written as a scenario (see <see cref="RegressionScenario.Write"/>).</exception>
    public static string Save(FailoverWorldCase failoverCase, string? defect, string directory, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(failoverCase);
        ArgumentNullException.ThrowIfNull(directory);
        var builder = failoverCase.ToBuilder();
        if (defect is not null) builder = builder.WithDefect(defect);
        name ??= $"{defect ?? "failover"}-failover-seed-{failoverCase.Seed}";
        // The world's name is the scenario's, so the in-process run and the file's run write the same trace header name.
        var spec = builder.Spec with { Name = name };
        var result = WorldBuilder.From(spec).Build().Run();
        var violated = InvariantNames.Catalog.Names.Where(n => result.Violations.Any(v => v.Invariant == n)).ToArray();
        string description = $"Shrunk FsCheck failover counterexample{(defect is null ? "" : $" with defect {defect}")}: {failoverCase}";
        string yaml = RegressionScenario.Write(spec, violated, name, description, result.VersionStatus);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".yaml");
        Venice.Sim.Tracing.AtomicFile.WriteAllText(path, yaml);
        return path;
    }
}
