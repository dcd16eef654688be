using Venice.Sim.Drivers;
using Venice.Sim.World;
using Venice.Sim.Model;
using Venice.Sim.Faults;

namespace Venice.Sim;

/// <summary>
/// Driving a built world in pieces: run for a while or until a milestone, act on servers through their
/// handles, then <see cref="WorldRuns.Run"/> to the end. The pieces share one seeded scheduler, so a
/// world run in pieces (without acting in between) takes the same steps as one run straight through.
/// </summary>
public static class WorldSteps
{
    /// <summary>The handle of server <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not in 0..servers-1.</exception>
    public static ServerHandle Server(this SimWorld world, int id)
    {
        if (id < 0 || id >= world.Servers.Count)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"the world has servers 0..{world.Servers.Count - 1}");
        return new ServerHandle(world, id);
    }

    /// <summary>Runs the seeded scheduler until sim time passes now + <paramref name="duration"/> (or the world quiesces, or its run would end).</summary>
    public static LoopOutcome RunFor(this SimWorld world, TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "must be >= 0");
        var built = BuiltOf(world);
        long limit = Math.Min(built.EndMs, world.Clock.NowMs + checked((long)duration.TotalMilliseconds));
        return SimulationLoop.Run(world, SchedulerOf(world, built), world.Config.MaxSteps, limit);
    }

    /// <summary>Runs the seeded scheduler until <paramref name="milestone"/> is reached; false when the run ended first.</summary>
    /// <exception cref="ArgumentException">The milestone cannot occur in this world.</exception>
    public static bool RunUntil(this SimWorld world, Milestone milestone)
    {
        var built = BuiltOf(world);
        bool reached = false;
        world.Faults.Watch(milestone, () => reached = true);
        var outcome = SimulationLoop.Run(world, SchedulerOf(world, built), world.Config.MaxSteps, built.EndMs, () => reached);
        return outcome == LoopOutcome.Stopped;
    }

    private static BuiltWorldState BuiltOf(SimWorld world) =>
        world.Part<BuiltWorldState>() ?? throw new InvalidOperationException("this world was not built by WorldBuilder.Build");

    private static IScheduler SchedulerOf(SimWorld world, BuiltWorldState built) =>
        built.Scheduler ??= Schedulers.For(world, built.Spec.Schedule);
}
