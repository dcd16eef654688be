using Venice.Sim.Faults;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using Venice.Sim.World;
using Venice.Sim.Running;

namespace Venice.Sim.Scenarios;

/// <summary>
/// A scenario turned into a world ready to run: the options bound, the trace header written, the
/// scenario's explicit faults scheduled, its `random:` faults placed and the heal at the end of the
/// fault phase scheduled. Every driver (the seeded `venice-sim run`, the Coyote driver in the tests)
/// builds its world here, so a scenario means the same world whoever drives it.
/// </summary>
public sealed class ScenarioWorld
{
    private ScenarioWorld(Scenario scenario, SimWorld world, TraceObserver trace)
    {
        Scenario = scenario;
        World = world;
        Trace = trace;
    }

    public Scenario Scenario { get; }

    public SimWorld World { get; }

    public TraceObserver Trace { get; }

    /// <summary>The end of the settle phase: a world not quiescent by then fails the liveness checks.</summary>
    public long EndMs => Scenario.Phases.FaultsUntilMs + Scenario.Phases.SettleWithinMs;

    /// <param name="faultChoices">
    /// Who places the `random:` faults; by default the world's seeded stream (fork "faults"), so the
    /// seed decides. The Coyote driver passes its controlled generator, so Coyote explores placements.
    /// </param>
    /// <exception cref="ScenarioRunException">An option value the engine refuses, or <c>storage: rocksdb</c> without <see cref="RunRequest.RocksDbStorage"/>.</exception>
    public static ScenarioWorld Build(Scenario scenario, RunRequest request, IFaultChoices? faultChoices = null)
    {
        var spec = scenario.ToSpec() with { Seed = request.Seed, Defects = request.Defects };
        if (scenario.Storage == ScenarioStorage.RocksDb)
        {
            spec = spec with
            {
                CreateStorage = request.RocksDbStorage ?? throw new ScenarioRunException(
                    $"{scenario.SourcePath}: storage: rocksdb needs a RocksDB engine per server, and this runner has none " +
                    "(venice-sim provides one; a library caller sets RunRequest.RocksDbStorage)"),
            };
        }
        var (world, trace) = WorldFactory.Build(spec, request.Trace, scenario.SourcePath, faultChoices);
        return new ScenarioWorld(scenario, world, trace);
    }

    /// <summary>Compares what happened with the scenario's `expect:`.</summary>
    public RunResult Judge(RunRequest request) =>
        WorldJudge.Judge(World, Scenario.Name, request.Seed, request.Defects, Scenario.Expect.VersionStatus, Scenario.Expect.Violations)
            .WithFaults(World.Faults.Outcomes);
}
