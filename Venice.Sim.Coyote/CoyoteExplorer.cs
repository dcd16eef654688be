using Microsoft.Coyote;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

namespace Venice.Sim.Coyote;

/// <summary>Coyote's exploration strategies, by the names `venice-sim explore --strategy` takes.</summary>
public enum ExploreStrategy
{
    /// <summary>Coyote's default portfolio; each iteration's first controlled choice also picks its <see cref="StepPolicy"/>.</summary>
    Portfolio,
    /// <summary>Coyote's random strategy; every contested step a uniform choice (<see cref="StepPolicy.Uniform"/>).</summary>
    Random,
    /// <summary>Priority-based (PCT) over actors (<see cref="StepPolicy.Priority"/>): good at ordering bugs.</summary>
    Pct,
    /// <summary>Coyote's probabilistic strategy; the last actor tends to keep moving (<see cref="StepPolicy.Sticky"/>).</summary>
    Probabilistic,
    /// <summary>Coyote's Q-learning over the world's state digest, choosing each contested step (<see cref="StepPolicy.Uniform"/>).</summary>
    QLearning,
    // No Dfs: Coyote 1.7.11 keeps its DFS strategy internal (Configuration has no public WithDFSStrategy).
}

/// <summary>How to explore.</summary>
/// <param name="Seed">Coyote's random-generator seed: the same seed explores the same schedules.</param>
/// <param name="MaxSchedulingSteps">Steps per iteration; a world still able to progress at this bound is a liveness bug.</param>
/// <param name="ReproducibleTrace">A schedule Coyote recorded for a bug: replay it once instead of exploring.</param>
/// <param name="TimeLimit">Wall time after which no new iteration starts (the running one finishes); null for none.</param>
public sealed record ExploreSettings(
    uint Iterations,
    ExploreStrategy Strategy,
    uint Seed,
    uint MaxSchedulingSteps = 200_000,
    string? ReproducibleTrace = null,
    TimeSpan? TimeLimit = null);

/// <summary>What an exploration found.</summary>
/// <param name="IterationsRun">Iterations run (Coyote stops at the first bug).</param>
/// <param name="FirstBugIteration">1-based iteration of the first bug, if any.</param>
/// <param name="Bug">The first bug's message, as the world describes it.</param>
/// <param name="ReproducibleTrace">Coyote's schedule for the first bug: pass it back to replay the bug.</param>
/// <param name="FailingWorld">The world of the first bug's iteration, as it ended.</param>
/// <param name="Steps">Actor steps taken over all iterations (scheduling steps, for a throughput figure).</param>
public sealed record ExploreReport(
    int IterationsRun,
    int BugsFound,
    int? FirstBugIteration,
    string? Bug,
    string? ReproducibleTrace,
    IStepWorld? FailingWorld,
    long Steps);

/// <summary>
/// Runs Coyote's TestingEngine over fresh worlds: each iteration builds a world, runs it step by step with
/// <see cref="CoyoteSteps"/>, and asserts the world found no bug. Coyote chooses the schedule (and every
/// value the world draws from Coyote's generator, such as fault placements) and records the choices of a
/// failing iteration in a reproducible trace.
/// </summary>
public static class CoyoteExplorer
{
    /// <param name="iterationStarted">Told the 1-based number of each iteration as it starts (a progress line).</param>
    public static ExploreReport Explore(Func<IStepWorld> newWorld, ExploreSettings settings, Action<int>? iterationStarted = null)
    {
        ArgumentNullException.ThrowIfNull(newWorld);
        ArgumentNullException.ThrowIfNull(settings);
        int iteration = 0;
        long steps = 0;
        int? firstBugIteration = null;
        string? firstBug = null;
        IStepWorld? failingWorld = null;
        var policy = settings.ReproducibleTrace is { } replayed ? RecordedPolicy(replayed) : PolicyOf(settings.Strategy);
        long maxSteps = settings.ReproducibleTrace is { } schedule ? RecordedMaxSteps(schedule) ?? settings.MaxSchedulingSteps : settings.MaxSchedulingSteps;

        // The time limit is kept here, not with Coyote's testing timeout, which runs iterations until the
        // timeout regardless of the iteration budget. The first iteration due after the limit stops the
        // engine and returns at once, so IterationsRun counts only the real ones.
        var wallClock = settings.TimeLimit is not null && settings.ReproducibleTrace is null ? System.Diagnostics.Stopwatch.StartNew() : null;
        bool outOfTime = false;
        TestingEngine? running = null;

        void Iteration()
        {
            if (outOfTime || (wallClock is not null && wallClock.Elapsed >= settings.TimeLimit))
            {
                outOfTime = true;
                running?.Stop();
                return;
            }
            iteration++;
            iterationStarted?.Invoke(iteration);
            var world = newWorld();
            Specification.RegisterStateHashingFunction(world.StateHash);
            steps += CoyoteSteps.Run(world, policy, maxSteps);
            var bug = world.Bug();
            if (bug is not null && firstBug is null)
            {
                firstBugIteration = iteration;
                firstBug = bug;
                failingWorld = world;
            }
            Specification.Assert(bug is null, "{0}", bug ?? string.Empty);
        }

        using var engine = TestingEngine.Create(Configure(settings), Iteration);
        running = engine;
        engine.Run();
        var report = engine.TestReport;
        string? reproducible = report.NumOfFoundBugs > 0 && engine.ReproducibleTrace.Length > 0 ? WithVeniceSettings(engine.ReproducibleTrace, policy, maxSteps) : null;
        return new ExploreReport(iteration, report.NumOfFoundBugs, firstBugIteration,
            firstBug ?? report.BugReports.FirstOrDefault(), reproducible, failingWorld, steps);
    }

    /// <summary>The step policy a strategy drives; null for the portfolio, whose iterations pick one each.</summary>
    public static StepPolicy? PolicyOf(ExploreStrategy strategy) => strategy switch
    {
        ExploreStrategy.Portfolio => null,
        ExploreStrategy.Random => StepPolicy.Uniform,
        ExploreStrategy.Pct => StepPolicy.Priority,
        ExploreStrategy.Probabilistic => StepPolicy.Sticky,
        ExploreStrategy.QLearning => StepPolicy.Uniform,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown strategy"),
    };

    /// <summary>The name of the schedule's property that records a fixed step policy (a portfolio schedule has none: its first choice is the policy).</summary>
    public const string StepPolicyProperty = "veniceStepPolicy";

    /// <summary>The name of the schedule's property that records the iteration's step bound.</summary>
    public const string MaxStepsProperty = "veniceMaxSteps";

    /// <summary>
    /// Coyote's schedule with the step policy and bound added as top-level properties: Coyote's reader ignores
    /// a property it does not know, and a replay needs both (a fixed strategy drew no choice for its policy,
    /// and where the bound cut the iteration is part of what it found).
    /// </summary>
    private static string WithVeniceSettings(string coyoteTrace, StepPolicy? policy, long maxSteps)
    {
        int open = coyoteTrace.IndexOf('{', StringComparison.Ordinal);
        if (open < 0) return coyoteTrace;
        string added = (policy is { } fixedPolicy ? $"\"{StepPolicyProperty}\":\"{fixedPolicy}\"," : "")
                       + $"\"{MaxStepsProperty}\":{maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture)},";
        return string.Concat(coyoteTrace.AsSpan(0, open + 1), added, coyoteTrace.AsSpan(open + 1));
    }

    /// <summary>The exploration strategies Coyote 1.7.11 writes into a trace's <c>Settings.Strategy</c>.</summary>
    private static readonly string[] CoyoteStrategyNames =
        ["random", "probabilistic", "prioritization", "fair-prioritization", "delay-bounding", "fair-delay-bounding", "q-learning", "dfs"];

    /// <summary>One recorded decision: a scheduling step <c>op(ID:HASH)</c>, with a controlled value <c>,int(N)</c> or <c>,bool(B)</c>.</summary>
    private static readonly System.Text.RegularExpressions.Regex CoyoteStep =
        new(@"^op\(\d+(:\d+)?\)(,int\(\d+\)|,bool\((true|false|True|False)\))?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// Checks a schedule has the shape Coyote's replay reads (Coyote 1.7.11 dereferences, or throws
    /// argument and JSON errors on, whatever it cannot parse): the step bound and step policy this project
    /// adds, a <c>Settings</c> object naming a known strategy with plain values, and a <c>Steps</c> list
    /// of recorded decisions. Returns what is wrong, or null.
    /// </summary>
    public static string? ScheduleProblem(string schedule)
    {
        try
        {
            RecordedPolicy(schedule);
            RecordedMaxSteps(schedule);
        }
        catch (ArgumentException invalid)
        {
            return invalid.Message;
        }

        using var json = ParseSchedule(schedule);
        var root = json.RootElement;
        if (!root.TryGetProperty("Settings", out var settings) || settings.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return "it has no Settings object";
        }
        if (!settings.TryGetProperty("Strategy", out var strategy) || strategy.ValueKind != System.Text.Json.JsonValueKind.String
            || Array.IndexOf(CoyoteStrategyNames, strategy.GetString()) < 0)
        {
            return $"Settings.Strategy must be one of {string.Join(", ", CoyoteStrategyNames)}";
        }
        foreach (var setting in settings.EnumerateObject())
        {
            if (setting.Value.ValueKind is System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array)
            {
                return $"Settings.{setting.Name} must be a plain value, not a {setting.Value.ValueKind.ToString().ToLowerInvariant()}";
            }
        }
        if (!root.TryGetProperty("Steps", out var steps) || steps.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            return "it has no Steps list";
        }
        int index = 0;
        foreach (var step in steps.EnumerateArray())
        {
            if (step.ValueKind != System.Text.Json.JsonValueKind.String || !CoyoteStep.IsMatch(step.GetString()!))
            {
                return $"Steps[{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}] '{step}' is not a recorded decision such as op(0:1),int(3)";
            }
            index++;
        }
        return null;
    }

    /// <summary>The step bound a schedule recorded, or null when it has none.</summary>
    /// <exception cref="ArgumentException">The schedule is not a JSON object, or its bound is not a positive whole number.</exception>
    public static long? RecordedMaxSteps(string schedule)
    {
        using var json = ParseSchedule(schedule);
        if (!json.RootElement.TryGetProperty(MaxStepsProperty, out var property)) return null;
        return property.ValueKind == System.Text.Json.JsonValueKind.Number && property.TryGetInt64(out long bound) && bound > 0
            ? bound
            : throw new ArgumentException($"the schedule's {MaxStepsProperty} '{property}' is not a positive whole number", nameof(schedule));
    }

    private static System.Text.Json.JsonDocument ParseSchedule(string schedule)
    {
        try
        {
            var json = System.Text.Json.JsonDocument.Parse(schedule);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object) return json;
            json.Dispose();
            throw new ArgumentException("a Coyote schedule is a JSON object", nameof(schedule));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"the schedule is not JSON: {e.Message}", nameof(schedule), e);
        }
    }

    /// <summary>The step policy a schedule recorded, or null (the portfolio's, drawn as its first choice).</summary>
    /// <exception cref="ArgumentException">The schedule is not a JSON object, or names an unknown policy.</exception>
    public static StepPolicy? RecordedPolicy(string schedule)
    {
        using var json = ParseSchedule(schedule);
        if (!json.RootElement.TryGetProperty(StepPolicyProperty, out var property)) return null;
        return property.ValueKind == System.Text.Json.JsonValueKind.String
               && Enum.TryParse<StepPolicy>(property.GetString(), ignoreCase: false, out var policy) && Enum.IsDefined(policy)
            ? policy
            : throw new ArgumentException($"the schedule's {StepPolicyProperty} '{property}' is not one of {string.Join(", ", Enum.GetNames<StepPolicy>())}", nameof(schedule));
    }

    private static Configuration Configure(ExploreSettings settings)
    {
        // Every step is at most one controlled choice, plus a few per iteration (the policy, the priority
        // order, fault placements): the loop's own bound ends an iteration first, and reports it.
        uint coyoteBound = settings.MaxSchedulingSteps >= uint.MaxValue / 2 ? uint.MaxValue : settings.MaxSchedulingSteps * 2 + 10_000;
        var configuration = Configuration.Create()
            .WithTestingIterations(settings.ReproducibleTrace is null ? settings.Iterations : 1)
            .WithMaxSchedulingSteps(coyoteBound, coyoteBound)
            .WithRandomGeneratorSeed(settings.Seed)
            .WithConsoleLoggingEnabled(false)
            .WithVerbosityEnabled(Microsoft.Coyote.Logging.VerbosityLevel.None)
            .WithTelemetryEnabled(false)
            // The loop's collections run on one operation: the rewriter's race checks on them would only
            // add a scheduling point per access (the profile of docs/benchmarks.md §Coyote).
            .WithCollectionAccessRaceCheckingEnabled(false)
            .WithLockAccessRaceCheckingEnabled(false)
            .WithAtomicOperationRaceCheckingEnabled(false)
            .WithVolatileOperationRaceCheckingEnabled(false)
            .WithMemoryAccessRaceCheckingEnabled(false)
            .WithControlFlowRaceCheckingEnabled(false);
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
