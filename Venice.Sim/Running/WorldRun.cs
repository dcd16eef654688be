using Venice.Sim.Invariants;
using Venice.Sim.World;

namespace Venice.Sim.Running;

/// <summary>Runs a built world to its end and makes the end-state checks: the piece every driver shares.</summary>
public static class WorldRun
{
    /// <param name="timeLimitMs">The end of the settle phase: a world not quiescent by then fails the liveness checks.</param>
    public static LoopOutcome ToEnd(SimWorld world, IScheduler scheduler, long timeLimitMs = long.MaxValue)
    {
        var outcome = SimulationLoop.Run(world, scheduler, world.Config.MaxSteps, timeLimitMs);
        EndStateChecks.Check(world, quiescent: outcome == LoopOutcome.Quiescent);
        return outcome;
    }
}
