using Venice.Sim.Running;

namespace Venice.Sim;

/// <summary>
/// What <see cref="SeededRuns.Run"/> found: every run in seed order, the failures among them, and the
/// first failure with the one line that reproduces it.
/// </summary>
public sealed class SeededRunsResult
{
    internal SeededRunsResult(IReadOnlyList<RunResult> runs)
    {
        Runs = runs;
        Failures = runs.Where(r => r.Outcome == RunOutcome.Failed).ToArray();
    }

    /// <summary>Every run, in the order of the seeds given.</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>The runs that missed the world's expectation, in seed order.</summary>
    public IReadOnlyList<RunResult> Failures { get; }

    /// <summary>True when every seed's run met the expectation.</summary>
    public bool AllPassed => Failures.Count == 0;

    /// <summary>The first failing run, or null when all passed.</summary>
    public RunResult? FirstFailure => Failures.Count > 0 ? Failures[0] : null;

    /// <summary>
    /// The one line that re-runs the first failure, byte for byte (same builder, that seed), or null when
    /// all passed: <c>world.WithSeed(1234).Build().Run()</c>.
    /// </summary>
    public string? Reproduction => FirstFailure is { } failure
        ? $"world.WithSeed({failure.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}).Build().Run()"
        : null;
}

/// <summary>
/// Runs one world with many seeds under the seeded scheduler: the seed decides the interleaving, the
/// random faults' placement and every value drawn, so a failing seed is its own reproduction.
/// </summary>
public static class SeededRuns
{
    /// <summary>Builds and runs <paramref name="world"/> once per seed, in order (the builder's own seed is ignored).</summary>
    /// <exception cref="ArgumentException">No seeds, or a world the model cannot build.</exception>
    public static SeededRunsResult Run(WorldBuilder world, IEnumerable<long> seeds)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(seeds);
        var runs = seeds.Select(seed =>
        {
            using var built = world.WithSeed(seed).Build();
            return built.Run();
        }).ToArray();
        if (runs.Length == 0) throw new ArgumentException("give at least one seed", nameof(seeds));
        return new SeededRunsResult(runs);
    }
}
