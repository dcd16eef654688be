using System.Globalization;
using Venice.Core;
using Venice.Core.Observability;
using Venice.Sim.InMemory;
using Venice.Sim.Scenarios;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim.Faults;

/// <summary>
/// Injects every fault of docs/faults.md, on a schedule (scenario `faults:`, seeded `random:`) or at once
/// through its public methods (tests, FsCheck and Coyote drivers). An actor: due faults are applied one
/// per step, and the next one is a deadline, so virtual time jumps to it. At the end of the fault phase
/// it heals everything (restart crashed servers, end pauses and isolations, stop produce failures and
/// delivery delays) and the settle phase begins.
/// </summary>
public sealed class FaultInjector : ISimActor
{
    /// <summary>The metadata (ZooKeeper) session timeout: a server silent that long loses its session.</summary>
    public const long SessionTimeoutMs = 30_000;

    /// <summary>How many produces a failProduce fault fails (each landing anyway, so the retries duplicate).</summary>
    public const int FailedProducesPerFault = 2;

    /// <summary>Seeded faults last between these bounds: within the session timeout and far within the promotion delay.</summary>
    public const long MinRandomDurationMs = 1_000, MaxRandomDurationMs = 20_000;

    private readonly SimWorld world;
    private readonly IWritePathObserver observer;
    private readonly SortedSet<Scheduled> schedule = new();
    private readonly ArmedLogFaults armedLogFaults;
    private readonly SeededRandom random;
    private long sequence;

    public FaultInjector(SimWorld world, IWritePathObserver observer, SeededRandom random)
    {
        this.world = world;
        this.observer = observer;
        this.random = random;
        armedLogFaults = new ArmedLogFaults(world, observer, random, Name);
    }

    private sealed record Scheduled(long AtMs, long Sequence, string? Description, Action Apply) : IComparable<Scheduled>
    {
        public int CompareTo(Scheduled? other)
        {
            if (other is null) return 1;
            int at = AtMs.CompareTo(other.AtMs);
            return at != 0 ? at : Sequence.CompareTo(other.Sequence);
        }
    }

    public string Name => "faults";

    public bool HasWork => schedule.Count > 0 && schedule.Min!.AtMs <= world.Clock.NowMs;

    public long? NextDeadlineMs => schedule.Count > 0 ? schedule.Min!.AtMs : null;

    /// <summary>The sim time at which the fault phase ended (faults healed), if it has.</summary>
    public long? HealedAtMs { get; private set; }

    public int Injected { get; private set; }

    /// <summary>The scheduled actions still to come (time and trace description, in firing order), for the exhaustive mode's state digest.</summary>
    internal IEnumerable<(long AtMs, string? Description)> PendingActions => schedule.Select(s => (s.AtMs, s.Description));

    public bool Step()
    {
        if (!HasWork) return false;
        var next = schedule.Min!;
        schedule.Remove(next);
        // Explicit faults write their own line when they fire: what a role target resolved to is known only then.
        if (next.Description is not null) observer.Note(Name, "fault", next.Description);
        next.Apply();
        return true;
    }

    private void At(long atMs, string? description, Action apply) =>
        schedule.Add(new Scheduled(atMs, sequence++, description, apply));

    private long Now => world.Clock.NowMs;

    private ServerActor Server(int id) => world.Servers[id];

    // ---- explicit faults: scheduled at a time or a milestone, fired, and their fates recorded ------

    /// <summary>An explicit fault and what became of it so far.</summary>
    private sealed class Tracked(Fault fault)
    {
        public Fault Fault { get; } = fault;
        public FaultOutcome? Outcome { get; set; }
        public long? DueAtMs { get; set; }
        public MilestoneWatcher.Watch? Watch { get; set; }
    }

    private readonly List<Tracked> tracked = new();
    private MilestoneWatcher? watcher;

    private MilestoneWatcher Watcher
    {
        get
        {
            if (watcher is null)
            {
                // Registered on first use, after the trace and the invariants: a milestone's own trace line comes first.
                watcher = new MilestoneWatcher(world);
                world.Observer.Add(watcher);
            }
            return watcher;
        }
    }

    /// <summary>
    /// Schedules a fault given as data (the builder's and the scenario's one representation): at its time,
    /// or when its milestone is reached plus its delay. Either way it fires in this actor's step, so it
    /// appears in the trace as a 'fault' line.
    /// </summary>
    /// <exception cref="ArgumentException">The fault names a server, store or partition the world lacks, has a negative time or duration, or aims at a milestone that cannot occur here.</exception>
    public void Schedule(Fault fault)
    {
        FaultValidation.Validate(fault, world);
        var entry = new Tracked(fault);
        tracked.Add(entry);
        switch (fault.Trigger)
        {
            case AtTime at:
                entry.DueAtMs = checked((long)at.Time.TotalMilliseconds);
                At(entry.DueAtMs.Value, null, () => Fire(entry));
                break;
            case AtMilestone onMilestone:
                bool armsAtOnce = ArmsWithinMilestoneStep(fault, onMilestone);
                entry.Watch = Watcher.Add(onMilestone.Milestone, server =>
                {
                    long due = Now + checked((long)onMilestone.Delay.TotalMilliseconds);
                    entry.DueAtMs = due;
                    string where = server is { } s ? $" at {s}" : "";
                    string when = armsAtOnce ? "armed now" : $"due at {due.ToString(CultureInfo.InvariantCulture)} ms";
                    observer.Note(Name, "milestone", $"{onMilestone.Milestone} reached{where}: {fault.Kind} {when}");
                    if (armsAtOnce) Fire(entry);
                    else At(due, null, () => Fire(entry));
                });
                break;
        }
    }

    /// <summary>
    /// A log fault (a lost, corrupted or failed produce) aimed at a milestone with no delay is armed inside the
    /// step that reaches the milestone, not in this actor's next step: arming only marks the partition's end
    /// offset or its next produces, so it is safe in the middle of another actor's step, and it makes the fault
    /// strike the first record produced after the milestone under every schedule. Waiting for the injector's own step would let a scheduler (Coyote's
    /// strategies do) run the whole push first, so "lose a record right after START_OF_PUSH" would miss the push.
    /// Every other fault acts on a server or the cluster and fires in this actor's step, between other steps.
    /// </summary>
    private static bool ArmsWithinMilestoneStep(Fault fault, AtMilestone trigger) =>
        fault.Kind is (FaultKind.LoseRecord or FaultKind.CorruptRecord or FaultKind.DuplicateRecord) && trigger.Delay == TimeSpan.Zero;

    /// <summary>Calls <paramref name="reached"/> (untraced) the first time <paramref name="milestone"/> is reached: how a driver runs until one.</summary>
    /// <exception cref="ArgumentException">The milestone cannot occur in this world.</exception>
    public void Watch(Milestone milestone, Action reached)
    {
        FaultValidation.Validate(Fault.Heal().When(milestone), world);
        Watcher.Add(milestone, _ => reached());
    }

    /// <summary>Applies a fault now, whatever its trigger says (a test driving the world step by step); its fate is recorded like a scheduled one's.</summary>
    /// <returns>Whether it took effect.</returns>
    public bool Inject(Fault fault)
    {
        FaultValidation.Validate(fault, world);
        var entry = new Tracked(fault) { DueAtMs = Now };
        tracked.Add(entry);
        Fire(entry);
        return entry.Outcome!.Fired;
    }

    /// <summary>
    /// Every explicit fault's fate so far, in scheduling order: fired at a time, or not (yet) with why.
    /// After a run, those without <see cref="FaultOutcome.Fired"/> never fired.
    /// </summary>
    public IReadOnlyList<FaultOutcome> Outcomes => tracked.Select(t => t.Outcome ?? Pending(t)).ToArray();

    private FaultOutcome Pending(Tracked t)
    {
        string ms(long v) => v.ToString(CultureInfo.InvariantCulture);
        if (t.Watch is { Done: false } watch)
        {
            string seen = watch.Seen == 0 ? "was never reached" : $"was reached {watch.Seen} time(s), not {watch.Milestone.Occurrence}";
            return new FaultOutcome(t.Fault, null, $"milestone {watch.Milestone} {seen} (run ended at {ms(Now)} ms)");
        }
        return new FaultOutcome(t.Fault, null, $"the run ended at {ms(Now)} ms, before it was due at {ms(t.DueAtMs ?? 0)} ms");
    }

    private void Fire(Tracked entry)
    {
        var fault = entry.Fault;
        int? server = null;
        if (fault.Server is { } target)
        {
            server = Resolve(target);
            if (server is null)
            {
                string reason = $"no {target} when it was due at {Now.ToString(CultureInfo.InvariantCulture)} ms";
                observer.Note(Name, "fault-unfired", $"{fault.Kind}: {reason}");
                entry.Outcome = new FaultOutcome(fault, null, reason);
                return;
            }
        }
        string description = Describe(fault, server);
        observer.Note(Name, "fault", description);
        string? refusal = Apply(fault, server);
        entry.Outcome = refusal is null ? new FaultOutcome(fault, Now, description) : new FaultOutcome(fault, null, refusal);
    }

    /// <summary>A role target resolved against the external view now: the leader, or the lowest-id follower.</summary>
    private int? Resolve(ServerTarget target)
    {
        if (target is FixedServer fixedServer) return fixedServer.Server;
        var role = (ServerInRole)target;
        var wanted = role.Role == ReplicaRole.Follower ? Venice.Core.Helix.HelixState.STANDBY : Venice.Core.Helix.HelixState.LEADER;
        foreach (var (id, state) in world.Helix.ExternalViewOf(VersionOf(role.Store), role.Partition))
        {
            if (state == wanted) return id.Value;
        }
        return null;
    }

    private string Describe(Fault fault, int? server) => FaultDescriptions.Describe(fault, server, TopicOf(fault));

    /// <returns>Null when the fault took effect; otherwise why it did nothing.</returns>
    private string? Apply(Fault fault, int? server)
    {
        long d = fault.Duration is { } duration ? checked((long)duration.TotalMilliseconds) : 0;
        int id = server ?? -1;
        switch (fault.Kind)
        {
            case FaultKind.Crash: return Crash(id) ? null : $"server-{id} was already down";
            case FaultKind.Restart: return Restart(id) ? null : $"server-{id} was not down";
            case FaultKind.ExpireSession: return ExpireSession(id) ? null : $"server-{id} had no live session";
            case FaultKind.Pause: return Pause(id, d) ? null : $"server-{id} was down";
            case FaultKind.Isolate: return Isolate(id, d) ? null : $"server-{id} was down";
            case FaultKind.LoseRecord: LoseNextRecord(TopicOf(fault), fault.SkipRecords); return null;
            case FaultKind.CorruptRecord: CorruptNextRecord(TopicOf(fault), fault.SkipRecords); return null;
            case FaultKind.DuplicateRecord: FailProduces(TopicOf(fault), fault.Duration is null ? null : d); return null;
            case FaultKind.DelayTransitions: DelayTransitions(d); return null;
            case FaultKind.ReorderTransitions: ReorderTransitions(d); return null;
            case FaultKind.MoveLeader: MoveLeader(fault.Partition ?? 0, fault.Store); return null;
            case FaultKind.Heal: Heal(); return null;
            case FaultKind.KillPush: return world.KillPush(fault.Store);
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault kind");
        }
    }

    private TopicPartition TopicOf(Fault fault) =>
        new(fault.Topic == TopicKind.RealTime ? VersionOf(fault.Store).RealTimeTopic : VersionOf(fault.Store).VersionTopic, fault.Partition ?? 0);

    /// <summary>The current version of a fault's store (the only store when a scenario names none).</summary>
    private StoreVersion VersionOf(string? store) => (world.FindStore(store) ?? world.Stores[0]).Current.Version;

    /// <summary>
    /// Places a scenario's `random:` faults with the seed: at milestones (or times) of the fault phase, on
    /// chosen servers, each lasting within the timing assumptions Venice relies on (docs/faults.md).
    /// </summary>
    /// <exception cref="ArgumentException">An aimed milestone cannot occur in this world (TOPIC_SWITCH in a batch-only world).</exception>
    public void ScheduleRandom(RandomFaultSpec spec, long faultsUntilMs) =>
        ScheduleRandom(spec, faultsUntilMs, new SeededFaultChoices(random));

    /// <summary>Places a scenario's `random:` faults where <paramref name="choices"/> says.</summary>
    public void ScheduleRandom(RandomFaultSpec spec, long faultsUntilMs, IFaultChoices choices) =>
        RandomFaultPlacement.Place(spec, faultsUntilMs, choices, world, (at, description, apply) => At(at, description, apply), this);

    /// <summary>
    /// Calls <paramref name="reached"/> with the server where <paramref name="milestone"/> happened (null for a
    /// push-job or version milestone) the first time it is reached: how random faults are aimed.
    /// </summary>
    internal void OnMilestone(Milestone milestone, Action<int?> reached)
    {
        FaultValidation.Validate(Fault.Heal().When(milestone), world);
        Watcher.Add(milestone, server => reached(server?.Value));
    }

    /// <summary>Ends the fault phase at the given time: every fault still in effect is healed.</summary>
    public void ScheduleHeal(long atMs) => At(atMs, "heal: end of the fault phase", Heal);

    // ---- the faults themselves ------------------------------------------------------------------

    /// <summary>The server's process dies; its metadata session expires a session timeout later unless it restarts first.</summary>
    public bool Crash(int server)
    {
        if (Server(server).Down) return false;
        Injected++;
        Server(server).Crash(world.StorageEngines[server]);
        var session = Server(server).Participant.Session;
        At(Now + SessionTimeoutMs, $"session timeout of crashed server-{server}", () =>
        {
            if (session is { } s && Server(server).Participant.Session == s) world.Metadata.ExpireSession(s);
        });
        return true;
    }

    /// <summary>A crashed server starts again with a new session; false (and nothing happens) unless it is down.</summary>
    public bool Restart(int server)
    {
        if (!Server(server).Down) return false;
        Server(server).Restart();
        return true;
    }

    /// <summary>The server's metadata session ends now; false when it has no live session.</summary>
    public bool ExpireSession(int server)
    {
        if (Server(server).Participant.Session is not { } session || !world.Metadata.IsSessionAlive(session)) return false;
        Injected++;
        world.Metadata.ExpireSession(session);
        return true;
    }

    /// <summary>The server stops stepping; a pause longer than the session timeout also costs it its session.</summary>
    public bool Pause(int server, long durationMs)
    {
        if (Server(server).Down) return false;
        Injected++;
        Server(server).Pause(Now + durationMs);
        ExpireIfSilentTooLong(server, durationMs);
        return true;
    }

    /// <summary>The server keeps running but reaches neither log nor metadata for a while.</summary>
    public bool Isolate(int server, long durationMs)
    {
        if (Server(server).Down) return false;
        Injected++;
        Server(server).SetIsolated(true);
        At(Now + durationMs, $"end isolation of server-{server}", () => Server(server).SetIsolated(false));
        ExpireIfSilentTooLong(server, durationMs);
        return true;
    }

    private void ExpireIfSilentTooLong(int server, long durationMs)
    {
        if (durationMs <= SessionTimeoutMs) return;
        var session = Server(server).Participant.Session;
        At(Now + SessionTimeoutMs, $"session timeout of silent server-{server}", () =>
        {
            // The heal woke or reconnected the server first: it heartbeats again and keeps its session.
            if (HealedAtMs is not null) return;
            if (session is { } s && world.Metadata.IsSessionAlive(s)) world.Metadata.ExpireSession(s);
        });
    }

    /// <summary>The next record produced to the partition, after <paramref name="skipRecords"/> let through, is lost (its offset stays, readers skip it).</summary>
    public void LoseNextRecord(TopicPartition partition, int skipRecords = 0) => Arm(partition, corrupt: false, skipRecords);

    /// <summary>One bit of the next record produced to the partition, after <paramref name="skipRecords"/> let through, is flipped.</summary>
    public void CorruptNextRecord(TopicPartition partition, int skipRecords = 0) => Arm(partition, corrupt: true, skipRecords);

    private void Arm(TopicPartition partition, bool corrupt, int skipRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skipRecords);
        Injected++;
        armedLogFaults.Arm(partition, corrupt, skipRecords);
    }

    /// <summary>
    /// Produces to the partition report failure but land, so the producer's retries duplicate them: the
    /// next <see cref="FailedProducesPerFault"/> produces, or, for <paramref name="durationMs"/>, the first
    /// attempt of every record (every other produce), which a writer's retry always gets past.
    /// </summary>
    public void FailProduces(TopicPartition partition, long? durationMs = null)
    {
        Injected++;
        if (durationMs is not { } duration)
        {
            world.Log.FailNextProduces(partition, FailedProducesPerFault, landAnyway: true);
            return;
        }
        world.Log.SetAmbiguousAcks(partition, true);
        At(Now + duration, $"end of failed produces to {partition}", () => world.Log.SetAmbiguousAcks(partition, false));
    }

    public void DelayTransitions(long durationMs)
    {
        Injected++;
        world.HelixBus.DelayDeliveries(Now + durationMs);
    }

    /// <summary>Until now + <paramref name="durationMs"/>, each server takes its due Helix messages newest first.</summary>
    public void ReorderTransitions(long durationMs)
    {
        Injected++;
        world.HelixBus.ReverseDeliveries(Now + durationMs);
    }

    /// <summary>Helix moves the leadership of the store's partition (the only store's, when <paramref name="store"/> is null).</summary>
    public void MoveLeader(int partition, string? store = null)
    {
        Injected++;
        world.Helix.MoveLeader(VersionOf(store), partition, to: null);
    }

    /// <summary>
    /// Called after every step: an armed log fault strikes the first record produced after it was armed,
    /// before any consumer can read it (a step never both produces and consumes the same record).
    /// </summary>
    public void AfterStep() => armedLogFaults.StrikeProduced();

    /// <summary>Heals every fault: the settle phase starts from a whole cluster.</summary>
    public void Heal()
    {
        HealedAtMs = Now;
        armedLogFaults.Clear();
        world.Log.HealProduceFailures();
        world.HelixBus.ReleaseHolds();
        for (int server = 0; server < world.Servers.Count; server++)
        {
            Server(server).Resume();
            Server(server).SetIsolated(false);
            Restart(server);
        }
    }
}
