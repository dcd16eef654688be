using CoyoteRandom = Microsoft.Coyote.Random.Generator;

namespace Venice.Sim.Coyote;

/// <summary>
/// Runs a world under Microsoft Coyote (docs/design.md §3). The run is a sequence of rounds: in each round
/// Coyote chooses a nonempty subset of the enabled actors, and each chosen actor takes one step as its
/// own controlled task, so Coyote's strategy decides how those steps interleave, including preemptions
/// inside a step at the scheduling points of the in-memory log, metadata and storage. Choosing a subset
/// (rather than all) lets Coyote also vary the actors' relative speeds: a slow drainer, a leader that
/// is late to see its demotion. No task ever busy-waits, which keeps Coyote's schedules short.
/// </summary>
public static class CoyoteRounds
{
    public static async Task RunAsync(IRoundWorld world)
    {
        var choices = CoyoteRandom.Create();
        var round = new List<Task>();
        while (true)
        {
            var steps = world.NextRound();
            if (steps.Count == 0) break;
            round.Clear();
            int forced = choices.NextInteger(steps.Count);
            for (int i = 0; i < steps.Count; i++)
            {
                if (i != forced && !choices.NextBoolean()) continue;
                round.Add(StartControlled(steps[i]));
            }
            // A List, not params: .NET 9's WhenAll(ReadOnlySpan<Task>) overload is not one Coyote 1.7 controls.
            await Task.WhenAll(round);
            world.AfterRound();
        }
        world.Finish();
    }

    /// <summary>
    /// The one place the harness starts a task (docs/design.md §8 exception): in this rewritten assembly,
    /// under Coyote's TestingEngine, Task.Run creates a controlled task, so Coyote, not the thread pool,
    /// schedules it.
    /// </summary>
#pragma warning disable RS0030 // the banned Task.Run: here it is Coyote's controlled task, see above
    private static Task StartControlled(Action step) => Task.Run(step);
#pragma warning restore RS0030
}
