using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Venice.Sim.Coyote;
using Venice.Sim.Exploration;
using Venice.Sim.Reports;
using Venice.Sim.Running;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>
/// <c>explore SCENARIO [--iterations N] [--strategy S] [--seed N] [--defect NAME]... [--max-steps N]
/// [--shard K/N] [--time-limit SECONDS] [--out DIR] [--json]</c>: Coyote explores the scenario's interleavings and the
/// placement of its `random:` faults. On the first bug it writes a trace of the failing iteration
/// that `replay` re-runs under Coyote's recorded schedule.
/// </summary>
internal static class ExploreVerb
{
    public sealed record Request(
        string ScenarioPath,
        uint Iterations,
        string Strategy,
        long? Seed,
        IReadOnlyList<string> Defects,
        uint MaxSteps,
        string? Shard,
        string OutDirectory,
        bool Json)
    {
        /// <summary><c>--results FILE.json</c> (docs/sharding.md), or null.</summary>
        public string? ResultsPath { get; init; }

        /// <summary><c>--junit FILE.xml</c> (docs/sharding.md), or null.</summary>
        public string? JUnitPath { get; init; }
        /// <summary>--report: where the failing iteration's HTML report goes, or null.</summary>
        public string? ReportPath { get; init; }

        /// <summary>--coverage: print the coverage events no iteration reached.</summary>
        public bool Coverage { get; init; }

        /// <summary>--time-limit: wall seconds after which no new iteration starts; null for none.</summary>
        public uint? TimeLimitSeconds { get; init; }
    }

    public static int Execute(CliOutput output, Request request)
    {
        var scenario = RunExecution.LoadScenario(request.ScenarioPath);
        var defects = RunExecution.EffectiveDefects(scenario, request.Defects, "from --defect");
        var strategy = ParseStrategy(request.Strategy);
        var shardSpec = ShardSpec.Parse(request.Shard);
        var (shard, shards) = (shardSpec.Index, shardSpec.Count);
        long seed = request.Seed ?? scenario.Seed;
        if (request.Iterations == 0) throw new CliUsageException("--iterations must be at least 1");
        if (request.MaxSteps == 0) throw new CliUsageException("--max-steps must be at least 1: an iteration needs at least one scheduling step");
        if (request.TimeLimitSeconds == 0) throw new CliUsageException("--time-limit must be at least 1 second");

        // The trace is written after the exploration, which may take hours: find out now whether it can be.
        OutputPaths.CheckWritableDirectory(request.OutDirectory, "--out");
        using var resultsFiles = ResultsFiles.Open(request.ResultsPath, request.JUnitPath, request.ScenarioPath);

        // A shard explores its block of the iterations with its own Coyote seed, so N machines running
        // shards 1/N .. N/N together run exactly the budget without repeating each other's random schedules.
        var iterationBlock = ExploreResults.IterationBlock(shardSpec, request.Iterations);
        uint iterations = (uint)(iterationBlock.Last - iterationBlock.First + 1);
        using var reports = ReportOutputs.Open(request.ReportPath, request.Coverage, request.ScenarioPath);
        var iterationCoverage = new List<CoverageRecorder>();
        Func<ITraceSink>? countCoverage = request.Coverage || request.ReportPath is not null
            ? () => { var recorder = new CoverageRecorder(); iterationCoverage.Add(recorder); return recorder; }
            : null;
        uint coyoteSeed = unchecked((uint)seed + (uint)(shard - 1) * 0x9E3779B9u);
        var timeLimit = request.TimeLimitSeconds is { } limit ? TimeSpan.FromSeconds(limit) : (TimeSpan?)null;
        var settings = new CoyoteOptions(iterations, strategy, coyoteSeed, request.MaxSteps, timeLimit);

        // Wall time is measured for the summary and the progress line only (docs/design.md §8); it never
        // reaches the simulation. A redirected stdout (tests, pipes) gets a plain progress line only after
        // ProgressLine.PlainEvery of wall time, so short runs print the same lines every time.
        var stopwatch = Stopwatch.StartNew();
        var progress = new ExploreProgressLine(output, request.Json, stopwatch, iterations, timeLimit);
        var report = QuietCoyote.Run(() => ScenarioExplorer.Explore(scenario, seed, defects, settings, countCoverage, progress.Started));
        var explored = CoverageCounts.MergeAll(iterationCoverage.Select(recorder => recorder.Counts));
        stopwatch.Stop();
        progress.Clear();

        RunResult? failing = null;
        string? tracePath = null;
        var replayElapsed = TimeSpan.Zero;
        if (report.ReproducibleTrace is { } schedule)
        {
            string defectPart = defects.Count == 0 ? "" : "-" + string.Join('+', defects);
            tracePath = Path.Combine(request.OutDirectory,
                $"{scenario.Name}{defectPart}-seed{seed.ToString(CultureInfo.InvariantCulture)}-shard{shard.ToString(CultureInfo.InvariantCulture)}of{shards.ToString(CultureInfo.InvariantCulture)}.coyote.trace");
            var replayClock = Stopwatch.StartNew(); // wall time of the replay, for the summary only
            failing = WriteTrace(scenario, seed, defects, schedule, tracePath, reports);
            replayElapsed = replayClock.Elapsed;
        }

        double seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        double perSecond = report.IterationsRun / seconds;
        string stoppedBy = StoppedBy(report, iterations);
        if (!request.Json)
        {
            var summary = output.NewTable($"venice-sim explore {scenario.SourcePath}", "field", "value");
            void Row(string field, string value) => summary.AddRow(new Text(field), new Text(value));
            Row("scenario", scenario.Name);
            Row("seed", seed.ToString(CultureInfo.InvariantCulture));
            Row("defects", defects.Count == 0 ? "none" : string.Join(", ", defects));
            Row("strategy", request.Strategy.ToLowerInvariant());
            Row("shard", $"{shard}/{shards}");
            Row("iterations", report.IterationsRun.ToString(CultureInfo.InvariantCulture));
            Row("bugs found", BugsFound(report).ToString(CultureInfo.InvariantCulture));
            Row("first bug at iteration", report.FirstBugIteration?.ToString(CultureInfo.InvariantCulture) ?? "-");
            Row("stopped by", stoppedBy);
            Row("wall time", $"{seconds.ToString("0.000", CultureInfo.InvariantCulture)} s");
            Row("iterations/s", perSecond.ToString("0.00", CultureInfo.InvariantCulture));
            Row("steps", report.Steps.ToString(CultureInfo.InvariantCulture));
            Row("steps/s", (report.Steps / seconds).ToString("0", CultureInfo.InvariantCulture));
            output.Ansi.Write(summary);
            if (report.Bug is { } bug) output.Line($"bug: {bug}");
            if (failing is not null)
            {
                RunReport.WriteHuman(output, "the failing iteration, replayed from Coyote's schedule", failing, scenario.Expect.VersionStatus, replayElapsed);
            }
        }

        if (tracePath is not null)
        {
            output.Line($"trace: {tracePath}");
            output.Line($"reproduce: {ReproduceCommand.ForReplay(ScenarioPaths.ToDisplayPath(tracePath))}");
        }

        ExploreResults.Commit(output, resultsFiles, request, scenario, seed, defects, shardSpec, iterationBlock, report, failing, tracePath, stopwatch.Elapsed,
            countCoverage is null ? null : new SortedDictionary<string, long>(explored.Reached.ToDictionary(), StringComparer.Ordinal));
        if (failing is not null) reports.WriteReport(output, failing, explored);
        else if (request.ReportPath is not null) output.Line("report: none written: no iteration failed");
        if (!request.Json) reports.PrintCoverage(output, explored);

        if (request.Json)
        {
            output.Line(ToJson(scenario.Name, seed, defects, request.Strategy.ToLowerInvariant(), report, stopwatch.Elapsed, perSecond, stoppedBy, failing, tracePath));
        }

        return report.BugFound ? ExitCodes.Failed : ExitCodes.Passed;
    }

    /// <summary>Coyote stops at the first bug, so an exploration finds none or one.</summary>
    private static int BugsFound(ExplorationResult report) => report.BugFound ? 1 : 0;

    /// <summary>Why the exploration ended: its first bug, its time limit, or its iterations all ran.</summary>
    private static string StoppedBy(ExplorationResult report, uint iterations) =>
        report.BugFound ? "bug" : report.IterationsRun < iterations ? "time-limit" : "iterations";

    /// <summary>Re-runs the failing iteration along Coyote's schedule and writes its trace, header stamped with the schedule.</summary>
    private static RunResult WriteTrace(Scenarios.Scenario scenario, long seed, IReadOnlyList<string> defects, string schedule, string tracePath, ReportOutputs reports)
    {
        OutputPaths.RefuseInput(tracePath, "--out", scenario.SourcePath);
        using var writer = OutputPaths.CreateTrace(tracePath, "--out");
        var trace = reports.Tee(new ScenarioPathStampingSink(writer, scenario.SourcePath, schedule));
        var result = QuietCoyote.Run(() => ScenarioExplorer.Replay(scenario, seed, defects, schedule, trace));
        result = result with { TraceSha256 = writer.Sha256Hex };
        RunExecution.Commit(writer, tracePath);
        return result;
    }

    private static ExploreStrategy ParseStrategy(string name) => name.ToLowerInvariant() switch
    {
        "portfolio" => ExploreStrategy.Portfolio,
        "random" => ExploreStrategy.Random,
        "pct" => ExploreStrategy.Pct,
        "probabilistic" => ExploreStrategy.Probabilistic,
        "qlearning" => ExploreStrategy.QLearning,
        "dfs" => throw new CliUsageException(
            "--strategy dfs is not available: Coyote 1.7.11 keeps its DFS strategy internal; use portfolio, random, pct, probabilistic or qlearning"),
        _ => throw new CliUsageException($"unknown --strategy '{name}'; expected one of: portfolio, random, pct, probabilistic, qlearning"),
    };

    /// <summary>The one-line JSON summary of explore (docs/cli.md); fields in a fixed order.</summary>
    private static string ToJson(string scenario, long seed, IReadOnlyList<string> defects, string strategy, ExplorationResult report,
        TimeSpan elapsed, double perSecond, string stoppedBy, RunResult? failing, string? tracePath)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, RunReport.JsonOptions))
        {
            json.WriteStartObject();
            RunReport.WriteScenarioSeedDefects(json, scenario, seed, defects);
            json.WriteString("strategy", strategy);
            json.WriteNumber("iterations", report.IterationsRun);
            json.WriteNumber("bugsFound", BugsFound(report));
            if (report.FirstBugIteration is { } first) json.WriteNumber("firstBugIteration", first);
            else json.WriteNull("firstBugIteration");
            // Coyote stops at the first bug, so the exploration's wall time is the time to it (its verifying replay included).
            if (report.BugFound) json.WriteNumber("secondsToFirstBug", Math.Round(elapsed.TotalSeconds, 3));
            else json.WriteNull("secondsToFirstBug");
            json.WriteString("stoppedBy", stoppedBy);
            json.WriteNumber("elapsedMs", (long)elapsed.TotalMilliseconds);
            json.WriteNumber("iterationsPerSecond", Math.Round(perSecond, 3));
            json.WriteNumber("steps", report.Steps);
            json.WriteNumber("stepsPerSecond", Math.Round(report.Steps / Math.Max(elapsed.TotalSeconds, 1e-9), 1));
            if (report.Bug is { } bug) json.WriteString("bug", bug);
            else json.WriteNull("bug");
            RunReport.WriteViolations(json, failing?.Violations ?? []);
            if (tracePath is not null) json.WriteString("trace", tracePath);
            else json.WriteNull("trace");
            if (failing is not null) json.WriteString("traceSha256", failing.TraceSha256);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
