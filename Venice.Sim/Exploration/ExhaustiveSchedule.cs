using System.Globalization;
using Venice.Sim.Drivers;
using Venice.Sim.Faults;
using Venice.Sim.Model;
using Venice.Sim.Running;
using Venice.Sim.World;

namespace Venice.Sim;

/// <summary>
/// One move of an exhaustive schedule: step the <see cref="Actor"/>-th enabled actor (in the world's fixed
/// actor order), or inject a fault now. Written as the actor index ("2") or the fault and its target
/// ("crash-1", "restart-1", "expire-1", "move-leader-0").
/// </summary>
internal readonly record struct ScheduleChoice(int Actor, FaultKind? Fault, int Target)
{
    public static ScheduleChoice Step(int enabledIndex) => new(enabledIndex, null, 0);

    public static ScheduleChoice Inject(FaultKind fault, int target) => new(-1, fault, target);

    public bool IsFault => Fault is not null;

    public override string ToString() => Fault switch
    {
        null => Actor.ToString(CultureInfo.InvariantCulture),
        { } kind => $"{TokenOf(kind)}-{Target.ToString(CultureInfo.InvariantCulture)}",
    };

    private static string TokenOf(FaultKind kind) => kind switch
    {
        FaultKind.Crash => "crash",
        FaultKind.Restart => "restart",
        FaultKind.ExpireSession => "expire",
        FaultKind.MoveLeader => "move-leader",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a fault the exhaustive mode places"),
    };

    /// <summary>The fault of a choice as data, injected through the world's fault injector (so it is traced and its fate recorded).</summary>
    public Fault ToFault() => Fault switch
    {
        FaultKind.Crash => Model.Fault.Crash(Target),
        FaultKind.Restart => Model.Fault.Restart(Target),
        FaultKind.ExpireSession => Model.Fault.ExpireSession(Target),
        FaultKind.MoveLeader => Model.Fault.MoveLeader(store: null!, Target),
        _ => throw new InvalidOperationException($"choice {this} is not a fault"),
    };

    /// <summary>Parses one token; false (with why) when it is neither an actor index nor a known fault.</summary>
    public static bool TryParse(string token, out ScheduleChoice choice, out string? error)
    {
        choice = default;
        error = null;
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            choice = Step(index);
            return true;
        }
        int dash = token.LastIndexOf('-');
        if (dash > 0 && int.TryParse(token.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int target))
        {
            FaultKind? kind = token[..dash] switch
            {
                "crash" => FaultKind.Crash,
                "restart" => FaultKind.Restart,
                "expire" => FaultKind.ExpireSession,
                "move-leader" => FaultKind.MoveLeader,
                _ => null,
            };
            if (kind is { } k)
            {
                choice = Inject(k, target);
                return true;
            }
        }
        error = $"'{token}' is neither an actor index nor a fault (crash-N, restart-N, expire-N, move-leader-P)";
        return false;
    }
}

/// <summary>
/// Applies exhaustive schedules to worlds: the moves enabled in a state, one move, and the end of a
/// schedule (every fault healed, then the first enabled actor each step until the world ends, judged as
/// a seeded run is). Search and replay share it, so a schedule the search reports replays exactly.
/// </summary>
internal static class ExhaustiveSchedule
{
    /// <summary>A schedule as one string: its moves separated by spaces.</summary>
    public static string Format(IEnumerable<ScheduleChoice> choices) => string.Join(' ', choices);

    /// <exception cref="ArgumentException">A token is neither an actor index nor a fault.</exception>
    public static IReadOnlyList<ScheduleChoice> Parse(string schedule)
    {
        var choices = new List<ScheduleChoice>();
        foreach (var token in schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ScheduleChoice.TryParse(token, out var choice, out var error)) throw new ArgumentException($"schedule: {error}", nameof(schedule));
            choices.Add(choice);
        }
        return choices;
    }

    /// <summary>
    /// Prepares the world for its next move (time jumps to the next deadline while nobody can move) and
    /// fills <paramref name="enabled"/>; returns how the world ended instead when it has.
    /// </summary>
    public static LoopOutcome? Enabled(SimWorld world, List<ISimActor> enabled, long endMs) =>
        SimulationLoop.NextEnabled(world, enabled, world.Config.MaxSteps, endMs);

    /// <summary>The moves in this state: each enabled actor, then, while the fault budget lasts, each allowed fault that would take effect.</summary>
    public static void Moves(SimWorld world, int enabledCount, bool faultsLeft, IReadOnlyList<FaultKind> kinds, List<ScheduleChoice> moves)
    {
        moves.Clear();
        for (int i = 0; i < enabledCount; i++) moves.Add(ScheduleChoice.Step(i));
        if (!faultsLeft) return;
        foreach (var kind in kinds)
        {
            if (kind == FaultKind.MoveLeader)
            {
                foreach (var version in world.Versions)
                {
                    for (int p = 0; p < version.Store.Setup.Partitions; p++) moves.Add(ScheduleChoice.Inject(kind, p));
                }
                continue;
            }
            foreach (var server in world.Servers)
            {
                bool applies = kind switch
                {
                    FaultKind.Crash => !server.Down,
                    FaultKind.Restart => server.Down,
                    FaultKind.ExpireSession => !server.Down && server.Participant.Session is { } s && world.Metadata.IsSessionAlive(s),
                    _ => false,
                };
                if (applies) moves.Add(ScheduleChoice.Inject(kind, server.Id.Value));
            }
        }
    }

    /// <summary>Makes one move: an actor's step (followed by the after-step hooks, as every driver does) or a fault injected now.</summary>
    /// <exception cref="ArgumentException">The move does not exist in this state (a schedule that does not belong to this world).</exception>
    public static void Apply(SimWorld world, ScheduleChoice choice, List<ISimActor> enabled, long endMs)
    {
        if (choice.IsFault)
        {
            world.Faults.Inject(choice.ToFault());
            return;
        }
        if (Enabled(world, enabled, endMs) is { } ended)
            throw new ArgumentException($"schedule move {choice}: the world has already ended ({ended})");
        if (choice.Actor >= enabled.Count)
            throw new ArgumentException($"schedule move {choice}: only {enabled.Count} actor(s) are enabled at step {world.Context.Step}");
        SimulationLoop.StepActor(world, enabled[choice.Actor]);
        world.AfterStep();
    }

    /// <summary>
    /// Ends a schedule: heals every fault it injected (the settle phase starts from a whole cluster), runs
    /// the first enabled actor each step until the world is quiescent or past its end, and judges the run.
    /// </summary>
    public static RunResult Finish(SimWorld world, bool injectedFaults, long endMs)
    {
        if (injectedFaults) world.Faults.Inject(Model.Fault.Heal());
        var outcome = WorldRun.ToEnd(world, new ExplicitScheduler([]), endMs);
        return WorldRuns.Ended(world, outcome);
    }

    /// <summary>Builds a world and plays a whole schedule on it, then finishes it: what replay does.</summary>
    public static RunResult Play(SimWorld world, IReadOnlyList<ScheduleChoice> schedule, long endMs)
    {
        var enabled = new List<ISimActor>(world.Actors.Count);
        foreach (var choice in schedule) Apply(world, choice, enabled, endMs);
        return Finish(world, schedule.Any(c => c.IsFault), endMs);
    }
}
