using Venice.Sim.Coyote;
using Venice.Sim.Invariants;
using Venice.Sim.World;

namespace Venice.Sim;

/// <summary>
/// A <see cref="SimWorld"/> as the Coyote round loop sees it: the same step bookkeeping, time jumps and
/// end checks as <see cref="SimulationLoop"/>, with the choice of who steps left to Coyote.
/// </summary>
public sealed class SimRoundWorld : IRoundWorld
{
    private readonly long timeLimitMs;
    private readonly Func<SimWorld, string?> judge;
    private readonly Dictionary<ISimActor, Action> stepOf;
    private readonly List<ISimActor> enabled = new();
    private readonly List<Action> round = new();

    /// <param name="judge">Says what went wrong in the ended world, or null when it met expectations.</param>
    /// <param name="timeLimitMs">The end of the settle phase, as for <see cref="SimulationLoop.Run"/>.</param>
    public SimRoundWorld(SimWorld world, Func<SimWorld, string?> judge, long timeLimitMs = long.MaxValue)
    {
        World = world;
        this.judge = judge;
        this.timeLimitMs = timeLimitMs;
        // Looked up by reference, never enumerated: the round keeps the world's actor order.
        stepOf = new Dictionary<ISimActor, Action>(ReferenceEqualityComparer.Instance);
        foreach (var actor in world.Actors) stepOf.Add(actor, () => SimulationLoop.StepActor(World, actor));
    }

    public SimWorld World { get; }

    public LoopOutcome Outcome { get; private set; } = LoopOutcome.Quiescent;

    public IReadOnlyList<Action> NextRound()
    {
        round.Clear();
        var ended = SimulationLoop.NextEnabled(World, enabled, World.Config.MaxSteps, timeLimitMs);
        if (ended is { } outcome)
        {
            Outcome = outcome;
            return round;
        }
        foreach (var actor in enabled) round.Add(stepOf[actor]);
        return round;
    }

    public void AfterRound() => World.AfterStep();

    public void Finish() => EndStateChecks.Check(World, quiescent: Outcome == LoopOutcome.Quiescent);

    public string? Bug() => judge(World);

    /// <summary>What every healthy run ends with: no invariant violated and the version ONLINE.</summary>
    public static string? Unhealthy(SimWorld world)
    {
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
