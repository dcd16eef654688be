using Venice.Sim.Coyote;
using Venice.Sim.Exploration;
using Venice.Sim.Running;
using Venice.Sim.Tracing;
using Venice.Sim.World;
using CoyoteRandom = Microsoft.Coyote.Random.Generator;

namespace Venice.Sim;

/// <summary>How <see cref="CoyoteTesting.Explore(WorldBuilder, CoyoteOptions)"/> explores.</summary>
/// <param name="Iterations">How many iterations (worlds) to run at most; exploration stops at the first bug.</param>
/// <param name="Strategy">Coyote's exploration strategy.</param>
/// <param name="Seed">Coyote's own seed: the same seed explores the same schedules.</param>
/// <param name="MaxSchedulingSteps">Coyote's bound on scheduling decisions per iteration.</param>
public sealed record CoyoteOptions(
    uint Iterations = 100,
    ExploreStrategy Strategy = ExploreStrategy.Portfolio,
    uint Seed = 0,
    uint MaxSchedulingSteps = 200_000);

/// <summary>What a Coyote exploration found.</summary>
/// <param name="IterationsRun">Iterations run (Coyote stops at the first bug).</param>
/// <param name="BugFound">True when an iteration missed the world's expectation.</param>
/// <param name="FirstBugIteration">The 1-based iteration of the first bug, if any.</param>
/// <param name="Bug">The first bug's message: the expectation it missed and the first violation.</param>
/// <param name="ReproducibleTrace">Coyote's schedule of the first bug: <see cref="CoyoteTesting.Replay(WorldBuilder, string)"/> re-runs it.</param>
/// <param name="FailingRun">The failing iteration's run, judged as a seeded run is (with its trace's SHA-256).</param>
public sealed record ExplorationResult(
    int IterationsRun,
    bool BugFound,
    int? FirstBugIteration,
    string? Bug,
    string? ReproducibleTrace,
    RunResult? FailingRun);

/// <summary>
/// Explores a world under Microsoft Coyote: every iteration builds the world from the same builder,
/// and Coyote (not the seed) chooses who steps when, which subsets of actors run together, where the
/// in-memory stores preempt a step, and where the world's random faults land. Only Venice.Sim.Coyote
/// is rewritten by Coyote (and ships rewritten); the caller's assembly needs no rewriting.
/// </summary>
public static class CoyoteTesting
{
    /// <summary>Explores up to <see cref="CoyoteOptions.Iterations"/> schedules of <paramref name="world"/>, stopping at the first that misses its expectation.</summary>
    public static ExplorationResult Explore(WorldBuilder world, CoyoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(world);
        return Explore(world.Spec, options, traceFor: null, iterationStarted: null, scenarioPath: "");
    }

    /// <summary>Re-runs the one iteration Coyote recorded in <paramref name="reproducibleTrace"/> and returns how it ended.</summary>
    public static RunResult Replay(WorldBuilder world, string reproducibleTrace)
    {
        ArgumentNullException.ThrowIfNull(world);
        return Replay(world.Spec, reproducibleTrace, trace: null, scenarioPath: "");
    }

    /// <param name="traceFor">A sink for each iteration's trace besides its hash (the CLI's progress and files).</param>
    internal static ExplorationResult Explore(WorldSpec spec, CoyoteOptions options, Func<ITraceSink>? traceFor, Action<int>? iterationStarted, string scenarioPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Iterations == 0) throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "Iterations must be >= 1");
        var settings = new ExploreSettings(options.Iterations, options.Strategy, options.Seed, options.MaxSchedulingSteps);
        var report = CoyoteExplorer.Explore(() => new BuiltRoundWorld(spec, traceFor?.Invoke(), scenarioPath), settings, iterationStarted);
        return new ExplorationResult(report.IterationsRun, report.BugsFound > 0, report.FirstBugIteration, report.Bug,
            report.ReproducibleTrace, (report.FailingWorld as BuiltRoundWorld)?.Result);
    }

    internal static RunResult Replay(WorldSpec spec, string reproducibleTrace, ITraceSink? trace, string scenarioPath)
    {
        if (string.IsNullOrWhiteSpace(reproducibleTrace)) throw new ArgumentException("a reproducible trace from ExplorationResult.ReproducibleTrace is needed", nameof(reproducibleTrace));
        BuiltRoundWorld? replayed = null;
        CoyoteExplorer.Explore(
            () => replayed = new BuiltRoundWorld(spec, trace, scenarioPath),
            new ExploreSettings(1, ExploreStrategy.Portfolio, Seed: 0, ReproducibleTrace: reproducibleTrace));
        return replayed?.Result ?? throw new InvalidOperationException("Coyote ran no iteration of the recorded schedule");
    }

    /// <summary>
    /// One iteration's world: built from the spec exactly as a seeded run builds it, except that Coyote's
    /// controlled generator places the random faults; judged as a seeded run is judged.
    /// </summary>
    private sealed class BuiltRoundWorld : IRoundWorld
    {
        private readonly SimWorld world;
        private readonly SimRoundWorld rounds;

        public BuiltRoundWorld(WorldSpec spec, ITraceSink? trace, string scenarioPath)
        {
            world = WorldRuns.Build(spec, trace, new CoyoteFaultChoices(CoyoteRandom.Create()), scenarioPath);
            rounds = new SimRoundWorld(world, _ => null, WorldRuns.EndMs(spec));
        }

        /// <summary>Set when the round loop finishes.</summary>
        public RunResult? Result { get; private set; }

        public IReadOnlyList<Action> NextRound() => rounds.NextRound();

        public void AfterRound() => rounds.AfterRound();

        public void Finish()
        {
            rounds.Finish();
            Result = WorldRuns.Ended(world, rounds.Outcome);
        }

        public string? Bug()
        {
            // Coyote may end an iteration at its step bound before Finish: judge what the world reached.
            if (Result is not { } result) return "the iteration ended before the world finished (Coyote's scheduling-step bound)";
            if (result.Outcome == RunOutcome.Passed) return null;
            var first = result.Violations.Count > 0 ? result.Violations[0] : null;
            return string.Join("; ", result.ExpectationFailures) +
                   (first is null ? "" : $" (first: {first.Invariant} at {first.SimTimeMs} ms, step {first.Step}: {first.Message})");
        }
    }
}
