using Venice.Core.Reporting;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;

namespace Venice.Sim.Exploration;

/// <summary>
/// Explores a scenario under Coyote (`venice-sim explore`, the Coyote tests): the scenario becomes the
/// <see cref="WorldSpec"/> `venice-sim run` builds, and <see cref="CoyoteTesting"/> explores it, so a
/// scenario file and a world built in code take the one Coyote path. An iteration is a bug when it
/// misses the scenario's expectations, as `run` judges them.
/// </summary>
public static class ScenarioExplorer
{
    /// <param name="seed">The world's own seed (producer GUIDs, values, which bit a corruption flips).</param>
    /// <param name="traceFor">A sink for each iteration's trace besides its hash.</param>
    /// <param name="iterationStarted">Told the 1-based number of each iteration as it starts.</param>
    public static ExplorationResult Explore(
        Scenario scenario,
        long seed,
        IReadOnlyList<string> defects,
        CoyoteOptions options,
        Func<ITraceSink>? traceFor = null,
        Action<int>? iterationStarted = null) =>
        CoyoteTesting.Explore(SpecOf(scenario, seed, defects), options, traceFor, iterationStarted, scenario.SourcePath);

    /// <summary>
    /// Runs the one iteration Coyote's <paramref name="schedule"/> recorded, writing its trace into
    /// <paramref name="trace"/>, and returns how it ended, bug or not.
    /// </summary>
    public static RunResult Replay(Scenario scenario, long seed, IReadOnlyList<string> defects, string schedule, ITraceSink trace) =>
        CoyoteTesting.Replay(SpecOf(scenario, seed, defects), schedule, trace, scenario.SourcePath);

    /// <summary>The scenario's world with the run's seed and defects, expected to end as its `expect:` says.</summary>
    private static WorldSpec SpecOf(Scenario scenario, long seed, IReadOnlyList<string> defects) =>
        WorldBuilder.From(scenario.ToSpec()).Spec with
        {
            Seed = seed,
            Defects = defects,
            Expect = new Expectation(Enum.Parse<VersionStatus>(scenario.Expect.VersionStatus), scenario.Expect.Violations),
        };
}
