using Venice.Core.Reporting;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;

namespace Venice.Sim.Exploration;

/// <summary>
/// Exhausts a scenario (`venice-sim exhaust`): the scenario becomes the <see cref="WorldSpec"/> `run`
/// builds, and <see cref="ExhaustiveTesting"/> enumerates its schedules; a schedule is a bug when it
/// misses the scenario's expectations, as `run` judges them.
/// </summary>
public static class ScenarioExhauster
{
    /// <param name="seed">The world's own seed (producer GUIDs, values).</param>
    /// <param name="progress">Told the counts so far every <see cref="ExhaustiveProgress.Every"/> explored states (a progress line); it cannot steer the search.</param>
    public static ExhaustiveResult Explore(Scenario scenario, long seed, IReadOnlyList<string> defects, ExhaustiveOptions options,
        Action<ExhaustiveProgress>? progress = null) =>
        ExhaustiveTesting.Explore(SpecOf(scenario, seed, defects), options, scenario.SourcePath, progress);

    /// <summary>Plays one exhaustive schedule, writing its trace into <paramref name="trace"/>, and returns how it ended.</summary>
    /// <exception cref="ArgumentException">The schedule does not parse or does not fit the scenario's world.</exception>
    public static RunResult Replay(Scenario scenario, long seed, IReadOnlyList<string> defects, string schedule, ITraceSink trace) =>
        ExhaustiveTesting.Replay(SpecOf(scenario, seed, defects), schedule, trace, scenario.SourcePath);

    private static WorldSpec SpecOf(Scenario scenario, long seed, IReadOnlyList<string> defects) =>
        WorldBuilder.From(scenario.ToSpec()).Spec with
        {
            Seed = seed,
            Defects = defects,
            Expect = new Expectation(Enum.Parse<VersionStatus>(scenario.Expect.VersionStatus), scenario.Expect.Violations),
        };
}
