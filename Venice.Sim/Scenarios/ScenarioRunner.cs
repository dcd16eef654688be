using Venice.Sim.Drivers;
using Venice.Sim.Scenarios;
using Venice.Sim.World;
using Venice.Sim.Running;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Runs one scenario with one seed on the in-memory world with the seeded scheduler, writes the trace,
/// and compares what happened with the scenario's expectations.
/// </summary>
public sealed class ScenarioRunner : IScenarioRunner
{
    public RunResult Run(Scenario scenario, RunRequest request)
    {
        var built = ScenarioWorld.Build(scenario, request);
        // The run is over once judged: a file log's segments go with the world.
        using var world = built.World;
        var scheduler = Schedulers.For(world, scenario.Schedule);
        var outcome = WorldRun.ToEnd(world, scheduler, built.EndMs);
        built.Trace.Write("end", $"{outcome} version={world.DescribeVersionStatus()}", "world");
        return built.Judge(request);
    }
}
