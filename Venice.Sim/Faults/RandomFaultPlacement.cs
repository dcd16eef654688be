using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.Model;
using Venice.Sim.World;

namespace Venice.Sim.Faults;

/// <summary>
/// Places a scenario's `random:` faults where <see cref="IFaultChoices"/> says (the seed, or Coyote), each
/// lasting within the timing assumptions Venice relies on (docs/faults.md). By default a fault is aimed at a
/// write-path milestone: which milestone (from <see cref="RandomFaultSpec.AimAt"/>), which occurrence of it
/// (up to <see cref="MaxAimOccurrence"/>) and which server (the one where it happened, or a chosen one) are
/// choices, and the fault strikes at the injector's next step once the milestone is reached in the fault
/// phase; through the same milestone watcher as explicit faults, one code path. Under
/// <see cref="RandomPlacement.Time"/> a fault lands at a chosen time in [0, faultsUntil) instead. The draws
/// are made in a fixed order (crashes, expiries, pauses, isolations; then per fault its place, server and
/// duration), so the same choices place the same faults.
/// </summary>
internal static class RandomFaultPlacement
{
    /// <summary>A replica milestone's occurrence is chosen in 1..this (a push-job or version milestone's is 1).</summary>
    public const int MaxAimOccurrence = 4;

    /// <param name="at">Schedules an action at a sim time with its trace description.</param>
    public static void Place(RandomFaultSpec spec, long faultsUntilMs, IFaultChoices choices, SimWorld world,
        Action<long, string, Action> at, FaultInjector faults)
    {
        if (!spec.Any) return;
        int servers = world.Servers.Count;
        var menu = Menu(spec, world);
        long window = Math.Max(1, faultsUntilMs);
        long min = FaultInjector.MinRandomDurationMs, max = FaultInjector.MaxRandomDurationMs;

        // Where one fault lands: at a time, or at a milestone reached in the fault phase; `strike` gets the
        // time it fires, the server where its milestone happened (if any) and the aim for the trace line.
        void Land(Action<long, int?, string> strike)
        {
            if (spec.Placement == RandomPlacement.Time)
            {
                strike(choices.TimeWithin(window), null, "");
                return;
            }
            var kind = menu[choices.Choose(menu.Count)];
            bool replicaMilestone = kind is not (MilestoneKind.StartOfPushWritten or MilestoneKind.EndOfPushWritten or MilestoneKind.VersionStatusChanged);
            int occurrence = replicaMilestone ? 1 + choices.Choose(MaxAimOccurrence) : 1;
            faults.OnMilestone(AnyOf(kind).Nth(occurrence), server =>
            {
                long now = world.Clock.NowMs;
                if (now < faultsUntilMs) strike(now, server, $", at {kind} #{occurrence}");
            });
        }

        for (int i = 0; i < spec.Crashes; i++)
        {
            var target = Target(choices, servers);
            long downFor = choices.DurationBetween(min, max);
            Land((time, where, aim) =>
            {
                int server = target.Resolve(where);
                at(time, $"crash server-{server} (random{aim})", () => faults.Crash(server));
                at(time + downFor, $"restart server-{server} (random)", () => faults.Restart(server));
            });
        }
        for (int i = 0; i < spec.SessionExpiries; i++)
        {
            var target = Target(choices, servers);
            Land((time, where, aim) =>
            {
                int server = target.Resolve(where);
                at(time, $"expire session of server-{server} (random{aim})", () => faults.ExpireSession(server));
            });
        }
        for (int i = 0; i < spec.Pauses; i++)
        {
            var target = Target(choices, servers);
            long duration = choices.DurationBetween(min, max);
            Land((time, where, aim) =>
            {
                int server = target.Resolve(where);
                at(time, $"pause server-{server} for {duration} ms (random{aim})", () => faults.Pause(server, duration));
            });
        }
        for (int i = 0; i < spec.Isolations; i++)
        {
            var target = Target(choices, servers);
            long duration = choices.DurationBetween(min, max);
            Land((time, where, aim) =>
            {
                int server = target.Resolve(where);
                at(time, $"isolate server-{server} for {duration} ms (random{aim})", () => faults.Isolate(server, duration));
            });
        }
    }

    /// <summary>
    /// The server a fault strikes: the one where its milestone happened (when <see cref="AtMilestoneServer"/>
    /// and the milestone has one), else the chosen <see cref="Server"/>.
    /// </summary>
    private readonly record struct Placed(int Server, bool AtMilestoneServer)
    {
        public int Resolve(int? where) => AtMilestoneServer && where is { } here ? here : Server;
    }

    private static Placed Target(IFaultChoices choices, int servers)
    {
        if (servers < 1) throw new ArgumentException("random faults need a server", nameof(servers));
        bool here = choices.Choose(2) == 0;
        return new Placed(choices.Server(servers), here);
    }

    /// <summary>The milestones to choose among: the spec's, or the default menu without what this world cannot reach.</summary>
    /// <exception cref="ArgumentException">An aimed milestone cannot occur in this world, or the list is empty.</exception>
    private static IReadOnlyList<MilestoneKind> Menu(RandomFaultSpec spec, SimWorld world)
    {
        if (spec.Placement == RandomPlacement.Time) return [];
        bool anyHybrid = world.Stores.Any(store => store.Setup.Hybrid);
        if (spec.AimAt is not { } aimed)
        {
            return RandomFaultSpec.DefaultAim.Where(kind => anyHybrid || kind != MilestoneKind.TopicSwitchConsumed).ToArray();
        }
        if (aimed.Count == 0) throw new ArgumentException("random faults aimed at no milestone: name at least one, or leave the list out for the default menu", nameof(spec));
        foreach (var kind in aimed)
        {
            if (!Enum.IsDefined(kind)) throw new ArgumentException($"random faults aimed at unknown milestone {kind}", nameof(spec));
            if (!anyHybrid && kind == MilestoneKind.TopicSwitchConsumed)
            {
                throw new ArgumentException("random faults aimed at TopicSwitchConsumed: every store is batch-only, so no replica ever consumes TOPIC_SWITCH", nameof(spec));
            }
        }
        return aimed;
    }

    /// <summary>A milestone of the kind in any store, partition and role, with no status or target narrowing.</summary>
    private static Milestone AnyOf(MilestoneKind kind) => (kind switch
    {
        MilestoneKind.StartOfPushWritten => Milestone.StartOfPushWritten(""),
        MilestoneKind.EndOfPushWritten => Milestone.EndOfPushWritten(""),
        MilestoneKind.StartOfPushConsumed => Milestone.StartOfPushConsumed("", 0),
        MilestoneKind.EndOfPushConsumed => Milestone.EndOfPushConsumed("", 0),
        MilestoneKind.TopicSwitchConsumed => Milestone.TopicSwitchConsumed("", 0),
        MilestoneKind.PromotionStarted => Milestone.PromotionStarted("", 0),
        MilestoneKind.PromotionCompleted => Milestone.PromotionCompleted("", 0),
        MilestoneKind.CheckpointWritten => Milestone.CheckpointWritten("", 0),
        MilestoneKind.ReplicaDropped => Milestone.ReplicaDropped(""),
        MilestoneKind.TransitionDelivered => Milestone.TransitionDelivered("", HelixState.STANDBY),
        MilestoneKind.StatusReported => Milestone.StatusReported("", ExecutionStatus.STARTED),
        _ => Milestone.VersionStatusChanged("", VersionStatus.ONLINE),
    }) with { Store = null, Partition = null, Role = ReplicaRole.Any, Status = null, TargetState = null };
}
