using Venice.Sim.Running;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary><c>run SCENARIO [--seed N] [--defect NAME]... [--trace FILE] [--json]</c>.</summary>
internal static class RunVerb
{
    public static int Execute(CliOutput output, string scenarioPath, long? seedOverride, IReadOnlyList<string> requestedDefects, string? tracePath, bool json)
    {
        var scenario = RunExecution.LoadScenario(scenarioPath);
        OutputPaths.RefuseInput(tracePath, "--trace", scenarioPath);
        var defects = RunExecution.EffectiveDefects(scenario, requestedDefects, "from --defect");
        var seed = seedOverride ?? scenario.Seed;
        var reproduce = ReproduceCommand.ForRun(scenario, seed, defects);

        RunResult result;
        TimeSpan elapsed;
        using (var writer = OpenTrace(tracePath))
        {
            (result, elapsed) = RunExecution.Execute(output, scenario, seed, defects, writer, reproduce);
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

        RunReport.WriteUnfiredWarnings(output, result);
        if (result.Outcome != RunOutcome.Passed)
        {
            output.Line($"reproduce: {reproduce}");
        }

        if (json)
        {
            output.Line(RunReport.ToJson(result));
        }

        return result.Outcome == RunOutcome.Passed ? ExitCodes.Passed : ExitCodes.Failed;
    }

    /// <summary>Opens the trace before the run, so an unwritable path is reported before any work is done.</summary>
    private static JsonLinesTraceWriter OpenTrace(string? tracePath) =>
        tracePath is null ? new JsonLinesTraceWriter() : OutputPaths.CreateTrace(tracePath, "--trace");
}
