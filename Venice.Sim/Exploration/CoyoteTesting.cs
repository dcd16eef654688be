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
/// <param name="MaxSchedulingSteps">Actor steps per iteration: a world still able to progress at this bound fails push-completes (a liveness bug), it is not cut silently.</param>
/// <param name="TimeLimit">Wall time after which no new iteration starts; null for none.</param>
public sealed record CoyoteOptions(
    uint Iterations = 100,
    ExploreStrategy Strategy = ExploreStrategy.Portfolio,
    uint Seed = 0,
    uint MaxSchedulingSteps = 200_000,
    TimeSpan? TimeLimit = null);

/// <summary>What a Coyote exploration found.</summary>
/// <param name="IterationsRun">Iterations run (Coyote stops at the first bug).</param>
/// <param name="BugFound">True when an iteration missed the world's expectation.</param>
/// <param name="FirstBugIteration">The 1-based iteration of the first bug, if any.</param>
/// <param name="Bug">The first bug's message: the expectation it missed and the first violation.</param>
/// <param name="ReproducibleTrace">Coyote's schedule of the first bug: <see cref="CoyoteTesting.Replay(WorldBuilder, string)"/> re-runs it.</param>
/// <param name="FailingRun">The failing iteration's run, judged as a seeded run is (with its trace's SHA-256).</param>
/// <param name="Steps">Actor steps taken over all iterations.</param>
public sealed record ExplorationResult(
    int IterationsRun,
    bool BugFound,
    int? FirstBugIteration,
    string? Bug,
    string? ReproducibleTrace,
    RunResult? FailingRun,
    long Steps);

/// <summary>
/// Explores a world under Microsoft Coyote: every iteration builds the world from the same builder,
/// and Coyote (not the seed) chooses who steps when and where the world's random faults land, each a
/// controlled choice of one single-threaded loop (docs/design.md §3). Only Venice.Sim.Coyote
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
        if (options.MaxSchedulingSteps == 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxSchedulingSteps, "MaxSchedulingSteps must be >= 1");
        var settings = new ExploreSettings(options.Iterations, options.Strategy, options.Seed, options.MaxSchedulingSteps, TimeLimit: options.TimeLimit);
        // Iterations run untraced (a trace only a failing iteration needs, and then its replay writes it).
        var report = CoyoteExplorer.Explore(() => new BuiltStepWorld(spec, traceFor?.Invoke(), scenarioPath, hashTrace: traceFor is not null), settings, iterationStarted);
        var failing = (report.FailingWorld as BuiltStepWorld)?.Result;
        if (failing is not null && report.ReproducibleTrace is { } schedule && failing.TraceSha256.Length == 0)
        {
            failing = ReplayOf(spec, schedule, scenarioPath, options.MaxSchedulingSteps, failing);
        }
        return new ExplorationResult(report.IterationsRun, report.BugsFound > 0, report.FirstBugIteration, report.Bug,
            report.ReproducibleTrace, failing, report.Steps);
    }

    /// <summary>
    /// The failing iteration again, traced and hashed, from Coyote's schedule; it must end as the explored
    /// iteration did (same violations at the same steps), or the schedule does not replay the bug.
    /// </summary>
    private static RunResult ReplayOf(WorldSpec spec, string schedule, string scenarioPath, uint maxSchedulingSteps, RunResult explored)
    {
        var replayed = Replay(spec, schedule, trace: null, scenarioPath, maxSchedulingSteps);
        if (!replayed.Violations.SequenceEqual(explored.Violations) || replayed.Steps != explored.Steps)
        {
            throw new InvalidOperationException(
                $"Coyote's schedule did not replay the failing iteration: {explored.Steps} steps and {explored.Violations.Count} violation(s) explored, " +
                $"{replayed.Steps} steps and {replayed.Violations.Count} replayed");
        }
        return replayed;
    }

    internal static RunResult Replay(WorldSpec spec, string reproducibleTrace, ITraceSink? trace, string scenarioPath, uint maxSchedulingSteps = 200_000)
    {
        if (string.IsNullOrWhiteSpace(reproducibleTrace)) throw new ArgumentException("a reproducible trace from ExplorationResult.ReproducibleTrace is needed", nameof(reproducibleTrace));
        if (CoyoteExplorer.ScheduleProblem(reproducibleTrace) is { } problem) throw new UnreplayableScheduleException(problem);
        BuiltStepWorld? replayed = null;
        try
        {
            CoyoteExplorer.Explore(
                () => replayed = new BuiltStepWorld(spec, trace, scenarioPath),
                new ExploreSettings(1, ExploreStrategy.Portfolio, Seed: 0, maxSchedulingSteps, ReproducibleTrace: reproducibleTrace));
        }
        catch (Exception coyote) when (coyote is not OutOfMemoryException)
        {
            // The world's own exceptions are caught by Coyote as bugs of the iteration; what escapes is
            // Coyote's replay failing to follow the schedule (a wrong type, a decision it cannot make).
            throw new UnreplayableScheduleException(coyote is System.Text.Json.JsonException { Path: { } path }
                ? $"Coyote cannot read it: the value at {path} has the wrong type"
                : "Coyote cannot follow it: a recorded decision does not match what the world asks for at its step", coyote);
        }
        return replayed?.Result ?? throw new UnreplayableScheduleException(
            "Coyote ran none of it: the schedule does not fit this world (recorded for another scenario, seed or simulator version, or damaged)");
    }

    /// <summary>
    /// One iteration's world: built from the spec exactly as a seeded run builds it, except that Coyote's
    /// controlled generator places the random faults; judged as a seeded run is judged.
    /// </summary>
    private sealed class BuiltStepWorld : IStepWorld
    {
        private readonly SimWorld world;
        private readonly SimStepWorld steps;

        public BuiltStepWorld(WorldSpec spec, ITraceSink? trace, string scenarioPath, bool hashTrace = true)
        {
            // Thousands of short iterations, each a world nobody disposes: the log stays in memory (the trace is the same).
            world = WorldRuns.Build(spec with { FileLog = null }, trace, new CoyoteFaultChoices(CoyoteRandom.Create()), scenarioPath, hashTrace);
            steps = new SimStepWorld(world, _ => null, WorldRuns.EndMs(spec));
        }

        /// <summary>Set when the step loop finishes.</summary>
        public RunResult? Result { get; private set; }

        public int ActorCount => steps.ActorCount;

        public IReadOnlyList<int> NextEnabled() => steps.NextEnabled();

        public void Step(int actor) => steps.Step(actor);

        public void Finish(bool stepBoundReached)
        {
            steps.Finish(stepBoundReached);
            Result = WorldRuns.Ended(world, steps.Outcome);
        }

        public int StateHash() => steps.StateHash();

        public string? Bug()
        {
            if (Result is not { } result) return "the iteration ended before the world finished";
            if (result.Outcome == RunOutcome.Passed) return null;
            string bound = steps.Outcome == LoopOutcome.StepBoundReached
                ? $"liveness: the world could still progress after {result.Steps} steps (the step bound); "
                : "";
            var first = result.Violations.Count > 0 ? result.Violations[0] : null;
            return bound + string.Join("; ", result.ExpectationFailures) +
                   (first is null ? "" : $" (first: {first.Invariant} at {first.SimTimeMs} ms, step {first.Step}: {first.Message})");
        }
    }
}
