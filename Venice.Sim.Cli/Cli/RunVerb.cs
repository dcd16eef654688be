using Venice.Sim.Running;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary><c>run SCENARIO [--seed N] [--defect NAME]... [--trace FILE] [--report FILE.html] [--coverage] [--json]</c>.</summary>
internal static class RunVerb
{
    public static int Execute(CliOutput output, string scenarioPath, long? seedOverride, IReadOnlyList<string> requestedDefects, string? tracePath, bool json, string? reportPath = null, bool coverage = false)
    {
        var scenario = RunExecution.LoadScenario(scenarioPath);
        OutputPaths.RefuseInput(tracePath, "--trace", scenarioPath);
        var defects = RunExecution.EffectiveDefects(scenario, requestedDefects, "from --defect");
        var seed = seedOverride ?? scenario.Seed;
        var reproduce = ReproduceCommand.ForRun(scenario, seed, defects);

        RunResult result;
        TimeSpan elapsed;
        using var reports = ReportOutputs.Open(reportPath, coverage, tracePath is null ? [scenarioPath] : [scenarioPath, tracePath]);
        using (var writer = OpenTrace(tracePath))
        {
            long horizonMs = scenario.Phases.FaultsUntilMs + scenario.Phases.SettleWithinMs;
            (result, elapsed) = RunProgress.Show(output, !json, horizonMs, progress =>
                RunExecution.Execute(output, scenario, seed, defects, writer, reproduce, Also(reports, progress)));
            RunExecution.Commit(writer, tracePath);
        }

        if (!json)
        {
            RunReport.WriteHuman(output, $"venice-sim run {scenario.SourcePath}", result, scenario.Expect.VersionStatus, elapsed);
            if (tracePath is not null)
            {
                output.Line($"trace: {tracePath}");
            }
        }

        reports.WriteReport(output, result, reports.TeedRunCoverage);
        if (!json)
        {
            reports.PrintCoverage(output, reports.TeedRunCoverage);
        }

        RunReport.WriteUnfiredWarnings(output, result);
        if (result.Outcome != RunOutcome.Passed)
        {
            output.Line($"reproduce: {reproduce}");
        }

        if (json)
        {
            output.Line(RunReport.ToJson(result));
        }
        else
        {
            RunReport.WriteVerdict(output, result);
        }

        return result.Outcome == RunOutcome.Passed ? ExitCodes.Passed : ExitCodes.Failed;
    }

    /// <summary>What watches the run besides the trace file: the report and coverage (if asked for) and the progress bar (on a terminal).</summary>
    private static ITraceSink? Also(ReportOutputs reports, ITraceSink? progress)
    {
        var watched = reports.Tee(new TraceTee());
        return progress is null ? watched : new TraceTee(watched, progress);
    }

    /// <summary>Opens the trace before the run, so an unwritable path is reported before any work is done.</summary>
    private static JsonLinesTraceWriter OpenTrace(string? tracePath) =>
        tracePath is null ? new JsonLinesTraceWriter() : OutputPaths.CreateTrace(tracePath, "--trace");
}
