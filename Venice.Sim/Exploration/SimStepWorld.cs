using Venice.Sim.Coyote;
using Venice.Sim.Faults;
using Venice.Sim.Invariants;
using Venice.Sim.World;

namespace Venice.Sim;

/// <summary>
/// A <see cref="SimWorld"/> as the Coyote step loop sees it: the same step bookkeeping, time jumps and end
/// checks as <see cref="SimulationLoop"/> (its public NextEnabled and StepActor), with the choice of who
/// steps left to Coyote.
/// </summary>
public sealed class SimStepWorld : IStepWorld
{
    private readonly long timeLimitMs;
    private readonly Func<SimWorld, string?> judge;
    private readonly Dictionary<ISimActor, int> indexOf;
    private readonly List<ISimActor> enabled = new();
    private readonly List<int> enabledIndices = new();
    private int enabledMask;

    /// <param name="judge">Says what went wrong in the ended world, or null when it met expectations.</param>
    /// <param name="timeLimitMs">The end of the settle phase, as for <see cref="SimulationLoop.Run"/>.</param>
    public SimStepWorld(SimWorld world, Func<SimWorld, string?> judge, long timeLimitMs = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(world);
        World = world;
        this.judge = judge;
        this.timeLimitMs = timeLimitMs;
        // Looked up by reference, never enumerated: the enabled list keeps the world's actor order.
        indexOf = new Dictionary<ISimActor, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < world.Actors.Count; i++) indexOf.Add(world.Actors[i], i);
    }

    /// <summary>The world being run.</summary>
    public SimWorld World { get; }

    /// <summary>How the loop ended: quiescent, past the time limit, or at the step bound (a liveness failure).</summary>
    public LoopOutcome Outcome { get; private set; } = LoopOutcome.Quiescent;

    /// <inheritdoc/>
    public int ActorCount => World.Actors.Count;

    /// <inheritdoc/>
    public IReadOnlyList<int> NextEnabled()
    {
        enabledIndices.Clear();
        enabledMask = 0;
        // The world's own step bound (WorldConfig.MaxSteps) still applies; the loop's bound is usually lower.
        var ended = SimulationLoop.NextEnabled(World, enabled, World.Config.MaxSteps, timeLimitMs);
        if (ended is { } outcome)
        {
            Outcome = outcome;
            return enabledIndices;
        }
        foreach (var actor in enabled)
        {
            int index = indexOf[actor];
            enabledIndices.Add(index);
            enabledMask |= 1 << (index & 31);
        }
        return enabledIndices;
    }

    /// <inheritdoc/>
    public void Step(int actor)
    {
        SimulationLoop.StepActor(World, World.Actors[actor]);
        World.AfterStep();
    }

    /// <inheritdoc/>
    public void Finish(bool stepBoundReached)
    {
        if (stepBoundReached)
        {
            // Not a silent cut: the end checks run on a world that is not quiescent, so push-completes (and
            // leader-elected, followers-catch-up where they still wait) report the starved progress.
            Outcome = LoopOutcome.StepBoundReached;
            World.Observer.Note("world", "liveness",
                $"step bound reached after {World.Context.Step} steps with {enabled.Count} actor(s) still able to progress");
        }
        EndStateChecks.Check(World, quiescent: Outcome == LoopOutcome.Quiescent);
    }

    /// <inheritdoc/>
    public string? Bug() => judge(World);

    /// <inheritdoc/>
    public int StateHash() => unchecked(enabledMask * 31 + World.Faults.Injected);

    /// <summary>What every healthy run ends with: no invariant violated and the version ONLINE.</summary>
    public static string? Unhealthy(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var violations = world.Invariants.Violations;
        if (violations.Count > 0)
        {
            var first = violations[0];
            return $"{first.Invariant} at {first.SimTimeMs} ms (step {first.Step}): {first.Message}";
        }
        return world.Versions.All(v => world.StatusOf(v.Version) == Venice.Core.Reporting.VersionStatus.ONLINE)
            ? null
            : $"the version ended {world.DescribeVersionStatus()}, expected ONLINE";
    }
}
