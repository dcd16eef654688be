using Venice.Sim.Coyote;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using CoyoteRandom = Microsoft.Coyote.Random.Generator;

namespace Venice.Sim.Exploration;

/// <summary>
/// Explores a scenario under Coyote (`venice-sim explore`, the Coyote tests): every iteration builds the
/// world exactly as `venice-sim run` does (same options, explicit faults, heal, end-of-run checks and
/// trace), except that Coyote chooses who steps when and where the `random:` faults land. An iteration
/// is a bug when it misses the scenario's expectations, as `run` judges them.
/// </summary>
public static class ScenarioExplorer
{
    /// <param name="seed">The world's own seed (producer GUIDs, values, which bit a corruption flips).</param>
    /// <param name="traceFor">The sink for an iteration's trace; by default one that only hashes it.</param>
    /// <param name="iterationStarted">Told the 1-based number of each iteration as it starts.</param>
    public static ExploreReport Explore(
        Scenario scenario,
        long seed,
        IReadOnlyList<string> defects,
        ExploreSettings settings,
        Func<ITraceSink>? traceFor = null,
        Action<int>? iterationStarted = null) =>
        CoyoteExplorer.Explore(
            () => ScenarioRoundWorld.Build(scenario, new RunRequest(seed, defects, traceFor?.Invoke() ?? new JsonLinesTraceWriter())),
            settings,
            iterationStarted);

    /// <summary>
    /// Runs the one iteration Coyote's <paramref name="schedule"/> recorded, writing its trace into
    /// <paramref name="trace"/>, and returns how it ended, bug or not.
    /// </summary>
    public static RunResult Replay(Scenario scenario, long seed, IReadOnlyList<string> defects, string schedule, ITraceSink trace)
    {
        ScenarioRoundWorld? replayed = null;
        CoyoteExplorer.Explore(
            () => replayed = ScenarioRoundWorld.Build(scenario, new RunRequest(seed, defects, trace)),
            new ExploreSettings(1, ExploreStrategy.Portfolio, Seed: 0, ReproducibleTrace: schedule));
        return replayed?.Result() ?? throw new InvalidOperationException("Coyote ran no iteration of the recorded schedule");
    }
}

/// <summary>One iteration's world: a built scenario, driven round by round, judged as `run` judges it.</summary>
public sealed class ScenarioRoundWorld : IRoundWorld
{
    private readonly SimRoundWorld rounds;

    private ScenarioRoundWorld(ScenarioWorld built, RunRequest request)
    {
        Built = built;
        Request = request;
        rounds = new SimRoundWorld(built.World, _ => null, built.EndMs);
    }

    public static ScenarioRoundWorld Build(Scenario scenario, RunRequest request) =>
        new(ScenarioWorld.Build(scenario, request, new CoyoteFaultChoices(CoyoteRandom.Create())), request);

    public ScenarioWorld Built { get; }

    public RunRequest Request { get; }

    /// <summary>The iteration's trace sink (a <see cref="JsonLinesTraceWriter"/> unless the caller gave another).</summary>
    public ITraceSink Trace => Request.Trace;

    public IReadOnlyList<Action> NextRound() => rounds.NextRound();

    public void AfterRound() => rounds.AfterRound();

    public void Finish()
    {
        rounds.Finish();
        Built.Trace.Write("end", $"{rounds.Outcome} version={Built.World.DescribeVersionStatus()}", "world");
    }

    /// <summary>The run's result, judged against the scenario's `expect:` as `run` judges it.</summary>
    public RunResult Result() => Built.Judge(Request);

    public string? Bug()
    {
        var result = Result();
        if (result.Outcome == RunOutcome.Passed) return null;
        var first = result.Violations.Count > 0 ? result.Violations[0] : null;
        return string.Join("; ", result.ExpectationFailures) +
               (first is null ? "" : $" (first: {first.Invariant} at {first.SimTimeMs} ms, step {first.Step}: {first.Message})");
    }
}
