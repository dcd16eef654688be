using Microsoft.Coyote.Rewriting;
using CoyoteRandom = Microsoft.Coyote.Random.Generator;

namespace Venice.Sim.Coyote;

/// <summary>
/// How the step loop turns Coyote's controlled choices into the next actor (docs/design.md §3). Each is
/// the step-level counterpart of one of Coyote's strategies: with the whole world on one controlled
/// operation, Coyote's own PCT and probabilistic strategies have nothing to reorder and would draw
/// uniform values, so the loop applies their idea to actors itself, from Coyote-controlled values only.
/// </summary>
public enum StepPolicy
{
    /// <summary>Every step, any enabled actor, uniformly (Coyote's random and Q-learning strategies choose the value).</summary>
    Uniform,

    /// <summary>
    /// PCT over actors: a random priority order; each step the highest-priority enabled actor moves; at
    /// <see cref="CoyoteSteps.PriorityChanges"/> change points drawn up front, the actor on top drops to the
    /// lowest priority. Gives the long starvations (a slow drainer, a late demotion) uniform choice rarely does.
    /// </summary>
    Priority,

    /// <summary>
    /// Probabilistic: a chosen actor keeps the step for a chosen run of up to <see cref="CoyoteSteps.MaxStickyRun"/>
    /// contested steps (while it can move), then a new actor and run are chosen: bursts of one actor.
    /// </summary>
    Sticky,
}

/// <summary>
/// Runs a world under Microsoft Coyote on one controlled operation: before every step the loop collects
/// the enabled actors and, when more than one could move, lets a Coyote controlled choice
/// (<see cref="CoyoteRandom"/>) pick which, through a <see cref="StepPolicy"/>. Coyote's strategy decides
/// the values, its reproducible trace records them, and a replay feeds them back, so the schedule is
/// searched and replayed without a task, a thread switch or a scheduling point inside a step. Not
/// rewritten: the rewriter would make every method of this hot loop report its call site to Coyote
/// under the runtime's lock (a fifth of an iteration's time in the profile, docs/benchmarks.md).
/// </summary>
[SkipRewriting("the step loop runs on one controlled operation; call-site reporting per step only costs")]
public static class CoyoteSteps
{
    /// <summary>Under <see cref="StepPolicy.Priority"/>: priority changes per iteration (PCT's depth bound, as Coyote's pct uses).</summary>
    public const int PriorityChanges = 10;

    /// <summary>Under <see cref="StepPolicy.Priority"/>: the change points fall among the first this many contested steps.</summary>
    public const int PriorityHorizonSteps = 4096;

    /// <summary>Under <see cref="StepPolicy.Sticky"/>: an actor chosen keeps the step for up to this many more contested steps.</summary>
    public const int MaxStickyRun = 16;

    /// <summary>Runs <paramref name="world"/> to its end or to <paramref name="maxSteps"/> steps; returns the steps taken.</summary>
    /// <param name="policy">How choices become actors; null lets a first controlled choice pick one (the portfolio).</param>
    public static long Run(IStepWorld world, StepPolicy? policy, long maxSteps)
    {
        ArgumentNullException.ThrowIfNull(world);
        var choices = CoyoteRandom.Create();
        var chosen = policy ?? (StepPolicy)choices.NextInteger(3);
        var chooser = new Chooser(choices, chosen, world.ActorCount);
        long steps = 0;
        while (true)
        {
            var enabled = world.NextEnabled();
            if (enabled.Count == 0) break;
            if (steps >= maxSteps)
            {
                world.Finish(stepBoundReached: true);
                return steps;
            }
            world.Step(chooser.Next(enabled));
            steps++;
        }
        world.Finish(stepBoundReached: false);
        return steps;
    }

    /// <summary>One iteration's policy state: the priority order and change points, or the actor running and its run.</summary>
    [SkipRewriting("as CoyoteSteps")]
    private sealed class Chooser
    {
        private readonly CoyoteRandom choices;
        private readonly StepPolicy policy;
        /// <summary>Actors, highest priority first (Priority only).</summary>
        private readonly List<int> priority = new();
        /// <summary>The contested steps at which the actor on top drops to the bottom (Priority only).</summary>
        private readonly SortedSet<int> changePoints = new();
        private int contested;
        private int last = -1;
        private int runLeft;

        public Chooser(CoyoteRandom choices, StepPolicy policy, int actors)
        {
            this.choices = choices;
            this.policy = policy;
            if (policy != StepPolicy.Priority) return;
            // A random permutation and PCT's change points, drawn up front from controlled values, so a
            // replay rebuilds them and a contested step costs no choice at all.
            for (int actor = 0; actor < actors; actor++) priority.Insert(choices.NextInteger(priority.Count + 1), actor);
            for (int i = 0; i < PriorityChanges; i++) changePoints.Add(choices.NextInteger(PriorityHorizonSteps));
        }

        public int Next(IReadOnlyList<int> enabled)
        {
            // One enabled actor is no choice: asking Coyote would only lengthen its schedule.
            if (enabled.Count == 1) return last = enabled[0];
            return last = policy switch
            {
                StepPolicy.Uniform => enabled[choices.NextInteger(enabled.Count)],
                StepPolicy.Priority => ByPriority(enabled),
                StepPolicy.Sticky => Sticky(enabled),
                _ => throw new InvalidOperationException($"unknown step policy {policy}"),
            };
        }

        private int ByPriority(IReadOnlyList<int> enabled)
        {
            int top = -1;
            foreach (int actor in priority)
            {
                if (Contains(enabled, actor)) { top = actor; break; }
            }
            if (changePoints.Contains(contested++))
            {
                priority.Remove(top);
                priority.Add(top);
            }
            return top;
        }

        private int Sticky(IReadOnlyList<int> enabled)
        {
            if (runLeft > 0 && Contains(enabled, last))
            {
                runLeft--;
                return last;
            }
            runLeft = choices.NextInteger(MaxStickyRun);
            return enabled[choices.NextInteger(enabled.Count)];
        }

        private static bool Contains(IReadOnlyList<int> enabled, int actor)
        {
            for (int i = 0; i < enabled.Count; i++)
            {
                if (enabled[i] == actor) return true;
            }
            return false;
        }
    }
}
