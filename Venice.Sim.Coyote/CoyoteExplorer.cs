using Microsoft.Coyote;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

namespace Venice.Sim.Coyote;

/// <summary>Coyote's exploration strategies, by the names `venice-sim explore --strategy` takes.</summary>
public enum ExploreStrategy
{
    /// <summary>Coyote's default: a tuned portfolio of strategies, one per iteration in turn.</summary>
    Portfolio,
    Random,
    /// <summary>Priority-based (PCT): a few priority changes per iteration, good at ordering bugs.</summary>
    Pct,
    Probabilistic,
    QLearning,
    // No Dfs: Coyote 1.7.11 keeps its DFS strategy internal (Configuration has no public WithDFSStrategy).
}

/// <summary>How to explore.</summary>
/// <param name="Seed">Coyote's random-generator seed: the same seed explores the same schedules.</param>
/// <param name="ReproducibleTrace">A schedule Coyote recorded for a bug: replay it once instead of exploring.</param>
public sealed record ExploreSettings(
    uint Iterations,
    ExploreStrategy Strategy,
    uint Seed,
    uint MaxSchedulingSteps = 200_000,
    string? ReproducibleTrace = null);

/// <summary>What an exploration found.</summary>
/// <param name="IterationsRun">Iterations run (Coyote stops at the first bug).</param>
/// <param name="FirstBugIteration">1-based iteration of the first bug, if any.</param>
/// <param name="Bug">The first bug's message, as the world describes it.</param>
/// <param name="ReproducibleTrace">Coyote's schedule for the first bug: pass it back to replay the bug.</param>
/// <param name="FailingWorld">The world of the first bug's iteration, as it ended.</param>
public sealed record ExploreReport(
    int IterationsRun,
    int BugsFound,
    int? FirstBugIteration,
    string? Bug,
    string? ReproducibleTrace,
    IRoundWorld? FailingWorld);

/// <summary>
/// Runs Coyote's TestingEngine over fresh worlds: each iteration builds a world, runs it round by round
/// with <see cref="CoyoteRounds"/>, and asserts the world found no bug. Coyote chooses the schedule
/// (and every value the world draws from Coyote's generator, such as fault placements) and records the
/// choices of a failing iteration in a reproducible trace.
/// </summary>
public static class CoyoteExplorer
{
    /// <param name="iterationStarted">Told the 1-based number of each iteration as it starts (a progress bar).</param>
    public static ExploreReport Explore(Func<IRoundWorld> newWorld, ExploreSettings settings, Action<int>? iterationStarted = null)
    {
        int iteration = 0;
        int? firstBugIteration = null;
        string? firstBug = null;
        IRoundWorld? failingWorld = null;

        async Task Iteration()
        {
            iteration++;
            iterationStarted?.Invoke(iteration);
            var world = newWorld();
            await CoyoteRounds.RunAsync(world);
            var bug = world.Bug();
            if (bug is not null && firstBug is null)
            {
                firstBugIteration = iteration;
                firstBug = bug;
                failingWorld = world;
            }
            Specification.Assert(bug is null, "{0}", bug ?? string.Empty);
        }

        var engine = TestingEngine.Create(Configure(settings), Iteration);
        engine.Run();
        var report = engine.TestReport;
        string? reproducible = report.NumOfFoundBugs > 0 && engine.ReproducibleTrace.Length > 0 ? engine.ReproducibleTrace : null;
        return new ExploreReport(iteration, report.NumOfFoundBugs, firstBugIteration,
            firstBug ?? report.BugReports.FirstOrDefault(), reproducible, failingWorld);
    }

    private static Configuration Configure(ExploreSettings settings)
    {
        var configuration = Configuration.Create()
            .WithTestingIterations(settings.ReproducibleTrace is null ? settings.Iterations : 1)
            // One bound for fair and unfair schedules alike (Coyote would allow fair ones ten times more): a
            // schedule that starves an actor with work keeps the world from jumping time, and crawls through
            // the settle phase a millisecond per step; past the bound Coyote ends the iteration.
            .WithMaxSchedulingSteps(settings.MaxSchedulingSteps, settings.MaxSchedulingSteps)
            .WithRandomGeneratorSeed(settings.Seed)
            .WithConsoleLoggingEnabled(false)
            .WithVerbosityEnabled(Microsoft.Coyote.Logging.VerbosityLevel.None)
            .WithTelemetryEnabled(false);
        if (settings.ReproducibleTrace is { } trace) return configuration.WithReproducibleTrace(trace);
        return settings.Strategy switch
        {
            ExploreStrategy.Portfolio => configuration, // Coyote's default exploration mode
            ExploreStrategy.Random => configuration.WithRandomStrategy(),
            ExploreStrategy.Pct => configuration.WithPrioritizationStrategy(false, 10),
            ExploreStrategy.Probabilistic => configuration.WithProbabilisticStrategy(3),
            ExploreStrategy.QLearning => configuration.WithQLearningStrategy(),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Strategy, "unknown strategy"),
        };
    }
}
