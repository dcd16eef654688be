using Venice.Sim.Invariants;
using Venice.Sim.World;

namespace Venice.Sim.Running;

/// <summary>Runs a built world to its end and makes the end-state checks: the piece every driver shares.</summary>
public static class WorldRun
{
    public static LoopOutcome ToEnd(SimWorld world, IScheduler scheduler)
    {
        var outcome = SimulationLoop.Run(world, scheduler, world.Config.MaxSteps);
        EndStateChecks.Check(world, quiescent: outcome == LoopOutcome.Quiescent);
        return outcome;
    }
}
