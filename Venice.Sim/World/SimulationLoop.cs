namespace Venice.Sim.World;

/// <summary>How a run ended.</summary>
public enum LoopOutcome
{
    /// <summary>No actor has work and none has a future deadline.</summary>
    Quiescent,
    /// <summary>The step bound was reached first (a liveness problem or a too-small bound).</summary>
    StepBoundReached,
    /// <summary>Sim time passed the given limit.</summary>
    TimeLimitReached,
    /// <summary>The caller's stop condition held after a step (a partial run; the world can run on).</summary>
    Stopped,
}

/// <summary>
/// The one simulation loop (docs/design.md §3): ask the scheduler which enabled actor steps next; each step
/// costs StepDurationMs of virtual time; when nothing can progress, jump to the next deadline.
/// </summary>
public static class SimulationLoop
{
    /// <summary>Virtual time one step takes: ingestion is fast but not instantaneous.</summary>
    public const long StepDurationMs = 1;

    /// <param name="stopWhen">Checked after every step: a partial run ends as soon as it holds.</param>
    public static LoopOutcome Run(SimWorld world, IScheduler scheduler, long maxSteps, long timeLimitMs = long.MaxValue, Func<bool>? stopWhen = null)
    {
        var enabled = new List<ISimActor>(world.Actors.Count);
        var context = world.Context;
        while (true)
        {
            if (context.Step >= maxSteps) return LoopOutcome.StepBoundReached;
            if (world.Clock.NowMs > timeLimitMs) return LoopOutcome.TimeLimitReached;
            enabled.Clear();
            foreach (var actor in world.Actors)
            {
                if (actor.HasWork) enabled.Add(actor);
            }
            if (enabled.Count == 0)
            {
                long? next = NextDeadline(world);
                if (next is null) return LoopOutcome.Quiescent;
                world.Clock.AdvanceTo(Math.Max(next.Value, world.Clock.NowMs + 1));
                continue;
            }
            var chosen = enabled[scheduler.ChooseNext(enabled)];
            context.CurrentActor = chosen.Name;
            chosen.Step();
            context.Step++;
            world.Clock.AdvanceBy(StepDurationMs);
            world.AfterStep();
            if (stopWhen?.Invoke() == true) return LoopOutcome.Stopped;
        }
    }

    public static long? NextDeadline(SimWorld world)
    {
        long? next = null;
        foreach (var actor in world.Actors)
        {
            if (actor.NextDeadlineMs is { } deadline && (next is null || deadline < next)) next = deadline;
        }
        return next;
    }
}
