using System.Globalization;

namespace Venice.Sim.Cli;

/// <summary>
/// <c>merge RESULTS... [--results FILE.json] [--junit FILE.xml] [--json]</c>: combines the results
/// files of shards (a directory stands for every *.json under it) into one summary
/// (docs/sharding.md#merge). Exit 0 when every shard is there and no run failed, 1 when a run failed
/// or a shard is missing, 2 for bad input (malformed files, results that do not belong together).
/// </summary>
internal static class MergeVerb
{
    public static int Execute(CliOutput output, IReadOnlyList<string> arguments, string? resultsPath, string? junitPath, bool json)
    {
        var files = ExpandResultsFiles(arguments);
        using var outputs = ResultsFiles.Open(resultsPath, junitPath, [.. files]);
        var inputs = files.Select(file => new ResultsMerge.Input(file, ResultsJson.ReadFile(file))).ToArray();
        var merged = ResultsMerge.Merge(inputs);

        if (!json)
        {
            output.Line($"merged {files.Count.ToString(CultureInfo.InvariantCulture)} results file(s): {merged.Verb} {merged.Scenario.Name} ({merged.Scenario.Path}, sha256 {merged.Scenario.ContentSha256[..Math.Min(12, merged.Scenario.ContentSha256.Length)]}), " +
                        $"{merged.Range.Unit}s {merged.Range.AsSeedRange} in {merged.ShardCount.ToString(CultureInfo.InvariantCulture)} shard(s), venice-sim {merged.ToolVersion}");
            output.Line($"{merged.Totals.Runs.ToString(CultureInfo.InvariantCulture)} runs: {merged.Totals.Passed.ToString(CultureInfo.InvariantCulture)} passed, {merged.Totals.Failed.ToString(CultureInfo.InvariantCulture)} failed");
        }

        foreach (var failure in merged.Failures)
        {
            string at = failure.Iteration is { } iteration ? $"iteration {iteration.ToString(CultureInfo.InvariantCulture)} (seed {failure.Seed.ToString(CultureInfo.InvariantCulture)})" : $"seed {failure.Seed.ToString(CultureInfo.InvariantCulture)}";
            output.Line($"{at} FAILED: {failure.Summary}");
            output.Line($"reproduce: {failure.Reproduce}");
        }

        foreach (int missing in merged.MissingShards)
        {
            var slice = new ShardSpec(missing, merged.ShardCount).SliceOf(merged.Range.AsSeedRange);
            output.Line($"warning: no results for shard {missing.ToString(CultureInfo.InvariantCulture)}/{merged.ShardCount.ToString(CultureInfo.InvariantCulture)} ({merged.Range.Unit}s {slice?.ToString() ?? "none"}): the totals leave it out");
        }

        outputs.Commit(merged, () => JUnitReport.SummaryCases(merged));
        if (resultsPath is not null) output.Line($"results: {resultsPath}");
        if (junitPath is not null) output.Line($"junit: {junitPath}");
        bool passed = merged.Totals.Failed == 0 && merged.Complete;
        if (json)
        {
            output.Line(ResultsJson.ToLine(merged));
        }
        else
        {
            string verdict = passed
                ? $"PASSED: {merged.Totals.Runs.ToString(CultureInfo.InvariantCulture)} runs over all {merged.ShardCount.ToString(CultureInfo.InvariantCulture)} shard(s), none failed"
                : merged.Totals.Failed > 0
                    ? $"FAILED: {merged.Totals.Failed.ToString(CultureInfo.InvariantCulture)} of {merged.Totals.Runs.ToString(CultureInfo.InvariantCulture)} runs failed"
                    : $"FAILED: {merged.MissingShards.Count.ToString(CultureInfo.InvariantCulture)} of {merged.ShardCount.ToString(CultureInfo.InvariantCulture)} shard(s) missing";
            SweepVerb.Verdict(output, passed, verdict);
        }

        return passed ? ExitCodes.Passed : ExitCodes.Failed;
    }

    /// <summary>Files as given; a directory stands for every *.json under it, sorted.</summary>
    private static IReadOnlyList<string> ExpandResultsFiles(IReadOnlyList<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                try
                {
                    var found = Directory.EnumerateFiles(argument, "*.json", SearchOption.AllDirectories)
                        .Select(ScenarioPaths.ToDisplayPath).Order(StringComparer.Ordinal).ToArray();
                    if (found.Length == 0) throw new CliUsageException($"merge: {argument}: no *.json results files in that directory");
                    files.AddRange(found);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    throw new CliUsageException($"merge: {argument}: cannot read the directory: {exception.Message}");
                }
            }
            else if (File.Exists(argument))
            {
                files.Add(argument);
            }
            else
            {
                throw new CliUsageException($"merge: {argument}: no such file or directory");
            }
        }

        return files;
    }
}
