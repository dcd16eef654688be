using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;

namespace Venice.Sim.Running;

/// <summary>
/// Placeholder for the simulation engine, which is developed on another branch and replaces this
/// file when merged. It only writes the trace header and reports that no engine is available.
/// </summary>
public sealed class ScenarioRunner : IScenarioRunner
{
    public RunResult Run(Scenario scenario, RunRequest request)
    {
        request.Trace.WriteHeader(TraceHeaders.For(scenario, request.Seed, request.Defects));
        return new RunResult(
            scenario.Name,
            request.Seed,
            request.Defects,
            RunOutcome.Failed,
            "NOT_CREATED",
            [],
            ["engine not available"],
            Steps: 0,
            SimTimeMs: 0,
            TraceSha256: string.Empty);
    }
}
