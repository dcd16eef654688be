using System.Globalization;
using System.Text;
using Venice.Sim.Exploration;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>
/// <c>replay TRACE [--json]</c>: re-runs the scenario, seed and defects a trace header names (under
/// Coyote's recorded schedule when `explore` wrote the trace, along the recorded moves when `exhaust` did) and checks that the new trace is
/// byte-identical (same SHA-256) to the recorded one.
/// </summary>
internal static class ReplayVerb
{
    public static int Execute(CliOutput output, string tracePath, bool json, string? reportPath = null, bool coverage = false)
    {
        var read = TraceReader.Read(tracePath);
        if (read.Error is { } readError)
        {
            throw new CliUsageException(readError.ToString());
        }

        var recorded = read.Trace!;
        var header = recorded.Header;
        if (header.CoyoteSchedule is { } recordedSchedule && !IsJsonObject(recordedSchedule))
        {
            // Coyote dereferences what it cannot parse; a damaged schedule is the trace's fault, not a bug.
            throw new CliUsageException($"{tracePath}:1: header property 'coyoteSchedule' is not a schedule Coyote wrote (expected a JSON object)");
        }
        if (header.CoyoteSchedule is { } recordedPolicySchedule && ScheduleProblem(recordedPolicySchedule) is { } problem)
        {
            throw new CliUsageException($"{tracePath}:1: header property 'coyoteSchedule': {problem}");
        }
        if (header.ScenarioPath.Length == 0)
        {
            throw new CliUsageException($"{tracePath}:1: the trace header names no scenarioPath, so there is nothing to replay");
        }

        var scenario = RunExecution.LoadScenario(header.ScenarioPath, $"named by {tracePath}; run replay from the directory the trace was recorded in");
        if (scenario.Name != header.Scenario)
        {
            throw new CliUsageException(
                $"{tracePath}:1: the trace was recorded for scenario '{header.Scenario}' but {scenario.SourcePath} is now named '{scenario.Name}'");
        }

        var defects = RunExecution.EffectiveDefects(scenario, header.Defects, $"named by {tracePath}");
        var reproduce = ReproduceCommand.ForReplay(ScenarioPaths.ToDisplayPath(tracePath));
        using var reports = ReportOutputs.Open(reportPath, coverage, tracePath, scenario.SourcePath);

        // The replayed trace is kept in memory so a divergence can be shown line by line.
        var replayed = new MemoryStream();
        RunResult result;
        TimeSpan elapsed;
        using (var writer = new JsonLinesTraceWriter(replayed, leaveOpen: true))
        {
            if (header.CoyoteSchedule is { } schedule)
            {
                // A run `explore` found: Coyote re-runs the iteration along the schedule it recorded.
                var stopwatch = System.Diagnostics.Stopwatch.StartNew(); // wall time for the summary only
                var trace = reports.Tee(new ScenarioPathStampingSink(writer, scenario.SourcePath, schedule));
                try
                {
                    result = QuietCoyote.Run(() => ScenarioExplorer.Replay(scenario, header.Seed, defects, schedule, trace));
                }
                catch (Venice.Sim.UnreplayableScheduleException unreplayable)
                {
                    throw new CliUsageException($"{tracePath}:1: header property 'coyoteSchedule': {unreplayable.Message}");
                }
                result = result with { TraceSha256 = writer.Sha256Hex };
                elapsed = stopwatch.Elapsed;
            }
            else if (header.ExplicitSchedule is { } moves)
            {
                // A run `exhaust` found: the same moves again, then the same first-enabled ending.
                var stopwatch = System.Diagnostics.Stopwatch.StartNew(); // wall time for the summary only
                try
                {
                    result = ScenarioExhauster.Replay(scenario, header.Seed, defects, moves,
                        new ExplicitScheduleStampingSink(new ScenarioPathStampingSink(writer, scenario.SourcePath), moves));
                }
                catch (ArgumentException refused)
                {
                    throw new CliUsageException($"{tracePath}:1: header property 'explicitSchedule' does not fit {scenario.SourcePath}: {refused.Message}");
                }
                result = result with { TraceSha256 = writer.Sha256Hex };
                elapsed = stopwatch.Elapsed;
            }
            else
            {
                (result, elapsed) = RunExecution.Execute(output, scenario, header.Seed, defects, writer, reproduce, reports.Tee(new TraceTee()));
            }
        }

        var reproduced = result.TraceSha256 == recorded.Sha256Hex;
        if (!reproduced)
        {
            var divergence = "replay diverged from the recorded trace: " + DescribeDivergence(recorded.Lines, replayed.ToArray());
            result = result with
            {
                Outcome = RunOutcome.Failed,
                ExpectationFailures = [.. result.ExpectationFailures, divergence],
            };
        }

        if (!json)
        {
            RunReport.WriteHuman(output, $"venice-sim replay {tracePath}", result, scenario.Expect.VersionStatus, elapsed);
            output.Line(reproduced
                ? $"reproduced: the replayed trace matches {tracePath} (sha256 {recorded.Sha256Hex})"
                : $"not reproduced: recorded sha256 {recorded.Sha256Hex}, replayed sha256 {result.TraceSha256}");
        }

        reports.WriteReport(output, result, reports.TeedRunCoverage);
        if (!json) reports.PrintCoverage(output, reports.TeedRunCoverage);
        if (result.Outcome != RunOutcome.Passed)
        {
            output.Line($"reproduce: {reproduce}");
        }

        if (json)
        {
            output.Line(RunReport.ToJson(result, new RunReport.ReplayFacts(recorded.Sha256Hex, reproduced)));
        }
        else
        {
            RunReport.WriteVerdict(output, result);
        }

        return result.Outcome == RunOutcome.Passed ? ExitCodes.Passed : ExitCodes.Failed;
    }

    /// <summary>What is wrong with a recorded schedule, if anything (a damaged trace, not a bug).</summary>
    private static string? ScheduleProblem(string schedule) => Venice.Sim.Coyote.CoyoteExplorer.ScheduleProblem(schedule);

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The first line where the two traces differ, with both versions of it.</summary>
    private static string DescribeDivergence(IReadOnlyList<string> recordedLines, byte[] replayedBytes)
    {
        var replayedLines = Encoding.UTF8.GetString(replayedBytes).Split('\n');
        var replayedCount = replayedLines.Length - 1; // the text ends with '\n', leaving one empty piece
        for (var index = 0; index < Math.Max(recordedLines.Count, replayedCount); index++)
        {
            var recordedLine = index < recordedLines.Count ? recordedLines[index] : "(end of trace)";
            var replayedLine = index < replayedCount ? replayedLines[index] : "(end of trace)";
            if (recordedLine != replayedLine)
            {
                return $"first difference at line {(index + 1).ToString(CultureInfo.InvariantCulture)}: recorded {recordedLine} but replayed {replayedLine}";
            }
        }

        return "the traces differ in bytes but not in lines";
    }
}
