using Venice.Sim.Running;
using Venice.Sim.World;

namespace Venice.Sim.Drivers;

/// <summary>
/// Runs a world under Microsoft Coyote (DESIGN.md §3): every actor is its own task looping over
/// <see cref="ISimActor.Step"/>, and Coyote's strategy decides the interleaving, including preemptions
/// inside a step at the scheduling points of the in-memory log, metadata and storage. A timekeeper task
/// advances virtual time when every actor is idle and ends the run at quiescence. Outside a Coyote test
/// the tasks run on the thread pool, which is why this driver is only for TestingEngine.
/// </summary>
public static class CoyoteDriver
{
    public static async Task<LoopOutcome> RunAsync(SimWorld world)
    {
        var actors = world.Actors;
        var busy = new bool[actors.Count];
        bool done = false;
        var tasks = new List<Task>(actors.Count + 1);
        for (int i = 0; i < actors.Count; i++)
        {
            int index = i;
            tasks.Add(StartControlled(async () =>
            {
                var actor = actors[index];
                while (!done)
                {
                    if (actor.HasWork)
                    {
                        busy[index] = true;
                        world.Context.CurrentActor = actor.Name;
                        actor.Step();
                        world.Context.Step++;
                        world.Clock.AdvanceBy(SimulationLoop.StepDurationMs);
                        busy[index] = false;
                    }
                    await Task.Yield();
                }
            }));
        }

        var outcome = LoopOutcome.Quiescent;
        tasks.Add(StartControlled(async () =>
        {
            while (!done)
            {
                if (world.Context.Step >= world.Config.MaxSteps)
                {
                    outcome = LoopOutcome.StepBoundReached;
                    done = true;
                    break;
                }
                if (!busy.Any(b => b) && !actors.Any(a => a.HasWork))
                {
                    long? next = SimulationLoop.NextDeadline(world);
                    if (next is null) done = true;
                    else world.Clock.AdvanceTo(Math.Max(next.Value, world.Clock.NowMs + 1));
                }
                await Task.Yield();
            }
        }));

        await Task.WhenAll(tasks);
        EndStateChecks(world, outcome);
        return outcome;
    }

    private static void EndStateChecks(SimWorld world, LoopOutcome outcome) =>
        Invariants.EndStateChecks.Check(world, quiescent: outcome == LoopOutcome.Quiescent);

    /// <summary>
    /// The one place Sim starts a task (DESIGN.md §10 exception): under Coyote's TestingEngine the
    /// rewritten Task.Run creates a controlled task, so Coyote, not the thread pool, schedules it.
    /// </summary>
#pragma warning disable RS0030 // Banned API: Coyote controls these tasks (see summary).
    private static Task StartControlled(Func<Task> body) => Task.Run(body);
#pragma warning restore RS0030
}
