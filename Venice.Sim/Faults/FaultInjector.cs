using System.Globalization;
using Venice.Core;
using Venice.Core.Observability;
using Venice.Sim.InMemory;
using Venice.Sim.Scenarios;
using Venice.Sim.World;

namespace Venice.Sim.Faults;

/// <summary>
/// Injects every fault of DESIGN.md §4, on a schedule (scenario `faults:`, seeded `random:`) or at once
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
    private readonly List<(TopicPartition Partition, long Offset, bool Corrupt)> armedLogFaults = new();
    private readonly SeededRandom random;
    private long sequence;

    public FaultInjector(SimWorld world, IWritePathObserver observer, SeededRandom random)
    {
        this.world = world;
        this.observer = observer;
        this.random = random;
    }

    private sealed record Scheduled(long AtMs, long Sequence, string Description, Action Apply) : IComparable<Scheduled>
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

    public bool Step()
    {
        if (!HasWork) return false;
        var next = schedule.Min!;
        schedule.Remove(next);
        observer.Note(Name, "fault", next.Description);
        next.Apply();
        return true;
    }

    private void At(long atMs, string description, Action apply) =>
        schedule.Add(new Scheduled(atMs, sequence++, description, apply));

    private long Now => world.Clock.NowMs;

    private ServerActor Server(int id) => world.Servers[id];

    // ---- scheduling from a scenario -------------------------------------------------------------

    /// <summary>Schedules a scenario's explicit fault.</summary>
    public void Schedule(FaultSpec fault)
    {
        string what = $"{fault.Kind} at {fault.AtMs.ToString(CultureInfo.InvariantCulture)} ms";
        switch (fault.Kind)
        {
            case FaultSpecKind.Crash: At(fault.AtMs, $"crash server-{fault.Server}", () => Crash(fault.Server!.Value)); break;
            case FaultSpecKind.Restart: At(fault.AtMs, $"restart server-{fault.Server}", () => Restart(fault.Server!.Value)); break;
            case FaultSpecKind.ExpireSession: At(fault.AtMs, $"expire session of server-{fault.Server}", () => ExpireSession(fault.Server!.Value)); break;
            case FaultSpecKind.Pause: At(fault.AtMs, $"pause server-{fault.Server} for {fault.DurationMs} ms", () => Pause(fault.Server!.Value, fault.DurationMs!.Value)); break;
            case FaultSpecKind.Isolate: At(fault.AtMs, $"isolate server-{fault.Server} for {fault.DurationMs} ms", () => Isolate(fault.Server!.Value, fault.DurationMs!.Value)); break;
            case FaultSpecKind.LoseRecord: At(fault.AtMs, $"lose the next record of {TopicOf(fault)}", () => LoseNextRecord(TopicOf(fault))); break;
            case FaultSpecKind.CorruptRecord: At(fault.AtMs, $"corrupt the next record of {TopicOf(fault)}", () => CorruptNextRecord(TopicOf(fault))); break;
            case FaultSpecKind.FailProduce: At(fault.AtMs, $"fail produces to {TopicOf(fault)}", () => FailProduces(TopicOf(fault), fault.DurationMs)); break;
            case FaultSpecKind.DelayTransitions: At(fault.AtMs, $"delay Helix transitions for {fault.DurationMs} ms", () => DelayTransitions(fault.DurationMs!.Value)); break;
            case FaultSpecKind.MoveLeader: At(fault.AtMs, $"move the leader of partition {fault.Partition}", () => MoveLeader(fault.Partition!.Value)); break;
            default: throw new ArgumentException($"unknown fault {what}", nameof(fault));
        }
    }

    /// <summary>Schedules a fault given as data (the builder's and the scenario's one representation).</summary>
    public void Schedule(Fault fault)
    {
        if (fault.Trigger is not AtTime at) throw new NotSupportedException($"milestone faults are not scheduled by this build yet: {fault}");
        int? server = fault.Server switch
        {
            null => null,
            FixedServer fixedServer => fixedServer.Server,
            _ => throw new NotSupportedException($"role-targeted faults are not scheduled by this build yet: {fault}"),
        };
        if (server is { } id && (id < 0 || id >= world.Servers.Count))
            throw new ArgumentException($"fault {fault} names server-{id}, but the world has servers 0..{world.Servers.Count - 1}", nameof(fault));
        var kind = fault.Kind switch
        {
            Venice.Sim.FaultKind.Crash => FaultSpecKind.Crash,
            Venice.Sim.FaultKind.Restart => FaultSpecKind.Restart,
            Venice.Sim.FaultKind.ExpireSession => FaultSpecKind.ExpireSession,
            Venice.Sim.FaultKind.Isolate => FaultSpecKind.Isolate,
            Venice.Sim.FaultKind.Pause => FaultSpecKind.Pause,
            Venice.Sim.FaultKind.LoseRecord => FaultSpecKind.LoseRecord,
            Venice.Sim.FaultKind.CorruptRecord => FaultSpecKind.CorruptRecord,
            Venice.Sim.FaultKind.DuplicateRecord => FaultSpecKind.FailProduce,
            Venice.Sim.FaultKind.DelayTransitions => FaultSpecKind.DelayTransitions,
            Venice.Sim.FaultKind.MoveLeader => FaultSpecKind.MoveLeader,
            _ => throw new NotSupportedException($"{fault.Kind} is not scheduled by this build yet"),
        };
        Schedule(new FaultSpec(checked((long)at.Time.TotalMilliseconds), kind, server,
            fault.Duration is { } d ? checked((long)d.TotalMilliseconds) : null,
            fault.Topic == TopicKind.RealTime ? "realtime" : "version", fault.Partition, 0, 0));
    }

    private TopicPartition TopicOf(FaultSpec fault) =>
        new(fault.Topic == "realtime" ? world.CurrentVersionOf(null).RealTimeTopic : world.CurrentVersionOf(null).VersionTopic, fault.Partition ?? 0);

    /// <summary>
    /// Places a scenario's `random:` faults with the seed, uniformly in [0, faultsUntil), on uniformly
    /// chosen servers, each lasting within the timing assumptions Venice relies on (DESIGN.md §4).
    /// </summary>
    public void ScheduleRandom(RandomFaultSpec spec, long faultsUntilMs) =>
        ScheduleRandom(spec, faultsUntilMs, new SeededFaultChoices(random));

    /// <summary>Places a scenario's `random:` faults where <paramref name="choices"/> says.</summary>
    public void ScheduleRandom(RandomFaultSpec spec, long faultsUntilMs, IFaultChoices choices)
    {
        long window = Math.Max(1, faultsUntilMs);
        for (int i = 0; i < spec.Crashes; i++)
        {
            long at = choices.TimeWithin(window);
            int server = choices.Server(world.Servers.Count);
            long downFor = choices.DurationBetween(MinRandomDurationMs, MaxRandomDurationMs);
            At(at, $"crash server-{server} (random)", () => Crash(server));
            At(at + downFor, $"restart server-{server} (random)", () => Restart(server));
        }
        for (int i = 0; i < spec.SessionExpiries; i++)
        {
            long at = choices.TimeWithin(window);
            int server = choices.Server(world.Servers.Count);
            At(at, $"expire session of server-{server} (random)", () => ExpireSession(server));
        }
        for (int i = 0; i < spec.Pauses; i++)
        {
            long at = choices.TimeWithin(window);
            int server = choices.Server(world.Servers.Count);
            long duration = choices.DurationBetween(MinRandomDurationMs, MaxRandomDurationMs);
            At(at, $"pause server-{server} for {duration} ms (random)", () => Pause(server, duration));
        }
        for (int i = 0; i < spec.Isolations; i++)
        {
            long at = choices.TimeWithin(window);
            int server = choices.Server(world.Servers.Count);
            long duration = choices.DurationBetween(MinRandomDurationMs, MaxRandomDurationMs);
            At(at, $"isolate server-{server} for {duration} ms (random)", () => Isolate(server, duration));
        }
    }

    /// <summary>Ends the fault phase at the given time: every fault still in effect is healed.</summary>
    public void ScheduleHeal(long atMs) => At(atMs, "heal: end of the fault phase", Heal);

    // ---- the faults themselves ------------------------------------------------------------------

    /// <summary>The server's process dies; its metadata session expires a session timeout later unless it restarts first.</summary>
    public void Crash(int server)
    {
        if (Server(server).Down) return;
        Injected++;
        Server(server).Crash(world.StorageEngines[server]);
        var session = Server(server).Participant.Session;
        At(Now + SessionTimeoutMs, $"session timeout of crashed server-{server}", () =>
        {
            if (session is { } s && Server(server).Participant.Session == s) world.Metadata.ExpireSession(s);
        });
    }

    public void Restart(int server)
    {
        if (!Server(server).Down) return;
        Server(server).Restart();
    }

    public void ExpireSession(int server)
    {
        if (Server(server).Participant.Session is { } session && world.Metadata.IsSessionAlive(session))
        {
            Injected++;
            world.Metadata.ExpireSession(session);
        }
    }

    /// <summary>The server stops stepping; a pause longer than the session timeout also costs it its session.</summary>
    public void Pause(int server, long durationMs)
    {
        if (Server(server).Down) return;
        Injected++;
        Server(server).Pause(Now + durationMs);
        ExpireIfSilentTooLong(server, durationMs);
    }

    /// <summary>The server keeps running but reaches neither log nor metadata for a while.</summary>
    public void Isolate(int server, long durationMs)
    {
        if (Server(server).Down) return;
        Injected++;
        Server(server).SetIsolated(true);
        At(Now + durationMs, $"end isolation of server-{server}", () => Server(server).SetIsolated(false));
        ExpireIfSilentTooLong(server, durationMs);
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

    /// <summary>The next record produced to the partition is lost (its offset stays, readers skip it).</summary>
    public void LoseNextRecord(TopicPartition partition) => Arm(partition, corrupt: false);

    /// <summary>One bit of the next record produced to the partition is flipped.</summary>
    public void CorruptNextRecord(TopicPartition partition) => Arm(partition, corrupt: true);

    private void Arm(TopicPartition partition, bool corrupt)
    {
        Injected++;
        armedLogFaults.Add((partition, world.Log.EndOffset(partition), corrupt));
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

    public void MoveLeader(int partition)
    {
        Injected++;
        world.Helix.MoveLeader(world.CurrentVersionOf(null), partition, to: null);
    }

    /// <summary>
    /// Called after every step: an armed log fault strikes the first record produced after it was armed,
    /// before any consumer can read it (a step never both produces and consumes the same record).
    /// </summary>
    public void AfterStep()
    {
        for (int i = armedLogFaults.Count - 1; i >= 0; i--)
        {
            var (partition, offset, corrupt) = armedLogFaults[i];
            if (world.Log.EndOffset(partition) <= offset) continue;
            armedLogFaults.RemoveAt(i);
            bool struck = corrupt
                ? world.Log.TryGetRecordLength(partition, offset, out int length) &&
                  world.Log.CorruptRecord(partition, offset, random.NextInt(Math.Max(1, length * 8)))
                : world.Log.LoseRecord(partition, offset);
            if (!struck) continue;
            world.LogFaults.Record(partition, offset);
            observer.Note(Name, corrupt ? "record-corrupted" : "record-lost", $"{partition} offset {offset}");
        }
    }

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
