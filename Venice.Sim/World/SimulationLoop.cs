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
        while (true)
        {
            if (NextEnabled(world, enabled, maxSteps, timeLimitMs) is { } ended) return ended;
            StepActor(world, enabled[scheduler.ChooseNext(enabled)]);
            world.AfterStep();
            if (stopWhen?.Invoke() == true) return LoopOutcome.Stopped;
        }
    }

    /// <summary>
    /// The loop's bookkeeping before a step, shared by every driver (this loop, Coyote's step loop, the
    /// exhaustive mode): fills <paramref name="enabled"/> with the actors that can make progress now, in the
    /// world's fixed order, jumping virtual time to the next deadline while none can. Returns null when there
    /// is a step to take, or how the run ended (step bound, time limit, quiescence) with
    /// <paramref name="enabled"/> empty.
    /// </summary>
    /// <remarks>
    /// The answer is what asking every actor's HasWork would give, but only the actors an event concerned
    /// since they last answered are asked (<see cref="SimWorld.Readiness"/>), and the next deadline comes
    /// from a priority queue: a step costs the dirty actors, not the cluster.
    /// </remarks>
    public static LoopOutcome? NextEnabled(SimWorld world, List<ISimActor> enabled, long maxSteps, long timeLimitMs)
    {
        while (true)
        {
            enabled.Clear();
            if (world.Context.Step >= maxSteps) return LoopOutcome.StepBoundReached;
            if (world.Clock.NowMs > timeLimitMs) return LoopOutcome.TimeLimitReached;
            world.Readiness.Fill(enabled);
            if (enabled.Count > 0) return null;
            long? next = world.Readiness.NextDeadline();
            if (next is null) return LoopOutcome.Quiescent;
            world.Clock.AdvanceTo(Math.Max(next.Value, world.Clock.NowMs + 1));
        }
    }

    /// <summary>One step of one actor: stamped with its name, counted, and StepDurationMs of virtual time.</summary>
    public static void StepActor(SimWorld world, ISimActor actor)
    {
        world.Context.CurrentActor = actor.Name;
        actor.Step();
        world.Readiness.Stepped(actor);
        world.Context.Step++;
        world.Clock.AdvanceBy(StepDurationMs);
    }

    /// <summary>The earliest deadline of any actor, asking every actor (what the ready set's queue must agree with).</summary>
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
