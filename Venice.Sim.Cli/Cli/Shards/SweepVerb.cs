using System.Globalization;
using Spectre.Console;
using Venice.Sim.Running;

namespace Venice.Sim.Cli;

/// <summary>
/// <c>run SCENARIO --seeds A..B [--shard K/N] [--jobs N] [--defect NAME]... [--results FILE.json]
/// [--junit FILE.xml] [--json]</c>: one process runs the shard's seeds on every core
/// (docs/sharding.md). Exit 0 when every seed met the scenario's expectations, 1 when any did not
/// (each failing seed's reproduce command is printed), 2 for bad input.
/// </summary>
internal static class SweepVerb
{
    public sealed record Request(
        string ScenarioPath,
        string Seeds,
        IReadOnlyList<string> Defects,
        string? Shard,
        int? Jobs,
        string? ResultsPath,
        string? JUnitPath,
        bool Json);

    public static int Execute(CliOutput output, Request request)
    {
        var scenario = RunExecution.LoadScenario(request.ScenarioPath);
        var defects = RunExecution.EffectiveDefects(scenario, request.Defects, "from --defect");
        var range = SeedRange.Parse(request.Seeds, "--seeds");
        var shard = ShardSpec.Parse(request.Shard);
        int jobs = request.Jobs ?? Environment.ProcessorCount;
        if (jobs < 1) throw new CliUsageException($"--jobs {jobs.ToString(CultureInfo.InvariantCulture)}: expected at least 1 (default: one per core, {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} here)");
        var slice = shard.SliceOf(range);
        string contentSha256 = ToolInfo.ScenarioContentSha256(scenario.SourcePath);
        using var files = ResultsFiles.Open(request.ResultsPath, request.JUnitPath, request.ScenarioPath);

        var progress = new ProgressLine(output, "seeds", quiet: request.Json);
        var outcome = slice is { } seeds
            ? SeedSweep.Run(scenario, defects, seeds, jobs, VeniceSimCli.RunnerFactory, progress.Interval, progress.Report,
                seed => output.ReproduceCommand = ReproduceCommand.ForRun(scenario, seed, defects))
            : SweepOutcome.Empty;
        progress.Clear();

        var failures = outcome.Runs
            .Where(run => run.Result.Outcome != RunOutcome.Passed)
            .Select(run => ToFailure(run.Result, ReproduceCommand.ForRun(scenario, run.Seed, defects)))
            .ToArray();
        long runs = outcome.Runs.Count;
        var results = new ShardResults(
            "run",
            ToolInfo.Version,
            new ResultsScenario(scenario.Name, scenario.SourcePath, contentSha256),
            defects,
            [],
            new ResultsRange(ResultsRange.SeedUnit, range.First, range.Last),
            shard.Count,
            [shard.Index],
            slice is { } covered ? [covered] : [],
            new ResultsTotals(runs, runs - failures.Length, failures.Length),
            failures,
            outcome.Coverage,
            (long)outcome.Elapsed.TotalMilliseconds);

        WriteSummary(output, scenario.SourcePath, range, shard, slice, outcome, failures, request.Json);
        files.Commit(results, () => outcome.Runs.Select(run => ToCase(run, ReproduceCommand.ForRun(scenario, run.Seed, defects))).ToArray());
        if (request.ResultsPath is not null) output.Line($"results: {request.ResultsPath}");
        if (request.JUnitPath is not null) output.Line($"junit: {request.JUnitPath}");
        if (request.Json) output.Line(ResultsJson.ToLine(results));
        return failures.Length == 0 ? ExitCodes.Passed : ExitCodes.Failed;
    }

    public static ResultsFailure ToFailure(RunResult result, string reproduce) =>
        new(result.Seed, null, result.VersionStatus, result.Violations, result.ExpectationFailures, null, result.TraceSha256, null, reproduce);

    private static void WriteSummary(CliOutput output, string scenarioPath, SeedRange range, ShardSpec shard, SeedRange? slice,
        SweepOutcome outcome, IReadOnlyList<ResultsFailure> failures, bool json)
    {
        long runs = outcome.Runs.Count;
        double seconds = Math.Max(outcome.Elapsed.TotalSeconds, 1e-9);
        string part = shard.Count == 1 ? "" : $", shard {shard}: seeds {slice?.ToString() ?? "none (fewer seeds than shards)"}";
        if (!json)
        {
            output.Line($"venice-sim run {scenarioPath} --seeds {range}{part}");
            output.Line($"{runs.ToString(CultureInfo.InvariantCulture)} runs in {seconds.ToString("0.000", CultureInfo.InvariantCulture)} s on {outcome.Workers.ToString(CultureInfo.InvariantCulture)} worker(s): " +
                        $"{(runs / seconds).ToString("0.0", CultureInfo.InvariantCulture)} runs/s");
        }

        foreach (var failure in failures)
        {
            output.Line($"seed {failure.Seed.ToString(CultureInfo.InvariantCulture)} FAILED: {failure.Summary}");
            output.Line($"reproduce: {failure.Reproduce}");
        }

        if (json) return;
        string verdict = failures.Count == 0
            ? $"PASSED: {runs.ToString(CultureInfo.InvariantCulture)} of {runs.ToString(CultureInfo.InvariantCulture)} seeds met the scenario's expectations"
            : $"FAILED: {failures.Count.ToString(CultureInfo.InvariantCulture)} of {runs.ToString(CultureInfo.InvariantCulture)} seeds missed the scenario's expectations";
        Verdict(output, failures.Count == 0, verdict);
    }

    /// <summary>The last human line: green or red on a terminal, plain on a pipe.</summary>
    public static void Verdict(CliOutput output, bool passed, string text)
    {
        if (output.IsPlain)
        {
            output.Line(text);
        }
        else
        {
            output.Ansi.MarkupLine($"[{(passed ? "green" : "red")} bold]{Markup.Escape(text)}[/]");
        }
    }

    private static JUnitCase ToCase(SeedRun run, string reproduce)
    {
        string facts = $"traceSha256 {run.Result.TraceSha256}\nsteps {run.Result.Steps.ToString(CultureInfo.InvariantCulture)}\nsimTimeMs {run.Result.SimTimeMs.ToString(CultureInfo.InvariantCulture)}\nversionStatus {run.Result.VersionStatus}\n";
        double seconds = run.Elapsed.TotalSeconds;
        return run.Result.Outcome == RunOutcome.Passed
            ? new JUnitCase($"seed {run.Seed.ToString(CultureInfo.InvariantCulture)}", seconds, null, "", null, facts)
            : JUnitReport.ForFailure(ToFailure(run.Result, reproduce), seconds, facts);
    }
}
