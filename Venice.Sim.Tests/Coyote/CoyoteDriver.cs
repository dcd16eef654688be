using Venice.Sim.World;
using CoyoteRandom = Microsoft.Coyote.Random.Generator;

namespace Venice.Sim.Tests.Coyote;

/// <summary>
/// Runs a world under Microsoft Coyote (DESIGN.md §3). The run is a sequence of rounds: in each round
/// Coyote chooses a nonempty subset of the enabled actors, and each chosen actor takes one step as its
/// own controlled task, so Coyote's strategy decides how those steps interleave, including preemptions
/// inside a step at the scheduling points of the in-memory log, metadata and storage. Choosing a subset
/// (rather than all) lets Coyote also vary the actors' relative speeds. When no actor has work, virtual
/// time jumps to the next deadline; with none left, the run is quiescent. No task ever busy-waits,
/// which keeps Coyote's schedules short.
///
/// It lives in the test assembly, not in Venice.Sim, because it is the only code that needs Coyote's
/// binary rewriting, and rewriting venice-sim.dll breaks its System.CommandLine references
/// (MissingMethodException at run time). Everything it drives in Venice.Sim is synchronous, and the
/// in-memory stores call SchedulingPoint.Interleave() directly, which needs no rewriting.
/// </summary>
public static class CoyoteDriver
{
    public static async Task<LoopOutcome> RunAsync(SimWorld world)
    {
        var choices = CoyoteRandom.Create();
        var enabled = new List<ISimActor>(world.Actors.Count);
        var round = new List<Task>(world.Actors.Count);
        var outcome = LoopOutcome.Quiescent;
        while (true)
        {
            if (world.Context.Step >= world.Config.MaxSteps)
            {
                outcome = LoopOutcome.StepBoundReached;
                break;
            }
            enabled.Clear();
            foreach (var actor in world.Actors)
            {
                if (actor.HasWork) enabled.Add(actor);
            }
            if (enabled.Count == 0)
            {
                long? next = SimulationLoop.NextDeadline(world);
                if (next is null) break;
                world.Clock.AdvanceTo(Math.Max(next.Value, world.Clock.NowMs + 1));
                continue;
            }

            round.Clear();
            int forced = choices.NextInteger(enabled.Count);
            for (int i = 0; i < enabled.Count; i++)
            {
                if (i != forced && !choices.NextBoolean()) continue;
                var actor = enabled[i];
                round.Add(StartControlled(() =>
                {
                    world.Context.CurrentActor = actor.Name;
                    actor.Step();
                    world.Context.Step++;
                    world.Clock.AdvanceBy(SimulationLoop.StepDurationMs);
                }));
            }
            await Task.WhenAll(round);
            world.AfterStep();
        }
        Invariants.EndStateChecks.Check(world, quiescent: outcome == LoopOutcome.Quiescent);
        return outcome;
    }

    /// <summary>
    /// The one place the harness starts a task (DESIGN.md §10 exception): under Coyote's TestingEngine
    /// the rewritten Task.Run creates a controlled task, so Coyote, not the thread pool, schedules it.
    /// </summary>
    private static Task StartControlled(Action step) => Task.Run(step);
}
