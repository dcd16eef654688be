using System.Globalization;
using Venice.Sim.Exploration;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Cli;

/// <summary>
/// explore's side of sharding (docs/sharding.md#explore): which iterations a shard explores and the
/// results file it writes. Kept out of ExploreVerb so the verb itself stays about Coyote.
/// </summary>
internal static class ExploreResults
{
    /// <summary>
    /// Shard K/N's block of iterations 1..<paramref name="iterations"/>: N shards together explore
    /// exactly the budget. Every shard gets at least one, so fewer iterations than shards is bad input.
    /// </summary>
    /// <exception cref="CliUsageException">Fewer iterations than shards.</exception>
    public static SeedRange IterationBlock(ShardSpec shard, uint iterations)
    {
        var whole = new SeedRange(1, iterations);
        return shard.SliceOf(whole) ?? throw new CliUsageException(
            $"--shard {shard} with --iterations {iterations.ToString(CultureInfo.InvariantCulture)}: fewer iterations than shards leaves shard {shard} nothing to explore; give --iterations at least {shard.Count.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Writes <c>--results</c> and <c>--junit</c>, if asked for, and says where.</summary>
    public static void Commit(
        CliOutput output,
        ResultsFiles files,
        ExploreVerb.Request request,
        Scenario scenario,
        long seed,
        IReadOnlyList<string> defects,
        ShardSpec shard,
        SeedRange block,
        ExplorationResult report,
        RunResult? failing,
        string? tracePath,
        TimeSpan elapsed,
        IReadOnlyDictionary<string, long>? coverage)
    {
        if (request.ResultsPath is null && request.JUnitPath is null) return;
        var failures = new List<ResultsFailure>();
        if (report.BugFound)
        {
            string? trace = tracePath is null ? null : ScenarioPaths.ToDisplayPath(tracePath);
            failures.Add(new ResultsFailure(
                seed,
                block.First + (report.FirstBugIteration ?? 1) - 1,
                failing?.VersionStatus ?? "",
                failing?.Violations ?? [],
                failing?.ExpectationFailures ?? [],
                report.Bug ?? "Coyote reported a bug",
                failing?.TraceSha256 ?? "",
                trace,
                trace is null ? ReproduceCommand.ForArguments(["explore", scenario.SourcePath, "--seed", seed.ToString(CultureInfo.InvariantCulture)]) : ReproduceCommand.ForReplay(trace)));
        }

        var results = new ShardResults(
            "explore",
            ToolInfo.Version,
            new ResultsScenario(scenario.Name, scenario.SourcePath, ToolInfo.ScenarioContentSha256(scenario.SourcePath)),
            defects,
            [
                KeyValuePair.Create("maxSteps", request.MaxSteps.ToString(CultureInfo.InvariantCulture)),
                KeyValuePair.Create("seed", seed.ToString(CultureInfo.InvariantCulture)),
                KeyValuePair.Create("strategy", request.Strategy.ToLowerInvariant()),
            ],
            new ResultsRange(ResultsRange.IterationUnit, 1, request.Iterations),
            shard.Count,
            [shard.Index],
            [block],
            new ResultsTotals(report.IterationsRun, report.IterationsRun - failures.Count, failures.Count),
            failures,
            coverage,
            (long)elapsed.TotalMilliseconds);
        files.Commit(results, () => JUnitReport.SummaryCases(results));
        if (request.ResultsPath is not null) output.Line($"results: {request.ResultsPath}");
        if (request.JUnitPath is not null) output.Line($"junit: {request.JUnitPath}");
    }
}
