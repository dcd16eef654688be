using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.Model;
using Venice.Sim.Running;

namespace Venice.Sim.FsCheck;

/// <summary>
/// Where to look for one catalog defect with generated failovers (docs/property-testing.md#the-per-defect-table):
/// the bounds of the worlds, faults and schedules, the store kind and config a bug class needs (a batch store
/// for a premature COMPLETED, a lost VT record for DIV, a pause longer than the session timeout for a zombie
/// leader). <see cref="Cases"/> and <see cref="Shrink"/> are the generator and the joint shrinker;
/// <see cref="Arbitrary"/> puts them together for a property.
/// </summary>
/// <param name="Defect">The defect's catalog name (docs/defects.md).</param>
/// <param name="Why">What the bounds aim at, in a sentence (the table's note).</param>
/// <param name="Watched">
/// The invariants that catch the defect (docs/defects.md, "caught by"): the property is "none of these is
/// violated". Watching only them keeps a shrink from sliding to a failure the healthy code has too (a lost
/// START_OF_PUSH stalls a push with or without any defect).
/// </param>
public sealed record DefectHunt(string Defect, string Why, IReadOnlyList<string> Watched)
{
    /// <summary>Cluster shapes.</summary>
    public ClusterBounds Cluster { get; init; } = WorldCaseGen.FailoverClusters;

    /// <summary>The batch push.</summary>
    public WorkloadBounds Push { get; init; } = WorldCaseGen.FailoverPushes;

    /// <summary>The real-time writes of a hybrid store.</summary>
    public WorkloadBounds RealTime { get; init; } = WorldCaseGen.FailoverRealTime;

    /// <summary>Server and log faults.</summary>
    public FaultBounds Faults { get; init; } = WorldCaseGen.FailoverFaults;

    /// <summary>Explicit schedules (the interleaving).</summary>
    public ScheduleBounds Schedule { get; init; } = WorldCaseGen.FailoverSchedules;

    /// <summary>The store kind.</summary>
    public StoreKind Kind { get; init; } = StoreKind.Hybrid;

    /// <summary>The topics log faults may strike; null: the version topic, and the real-time topic of a hybrid store.</summary>
    public IReadOnlyList<TopicKind>? LogTopics { get; init; }

    /// <summary>Config overrides every case gets, by Venice name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Config { get; init; } = [];

    /// <summary>How many later pushes (versions 2, 3, ...) a case has, at least and at most; none by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Min below 0 or Max below Min.</exception>
    public (int Min, int Max) LaterPushes
    {
        get => laterPushes;
        init => laterPushes = value.Min >= 0 && value.Max >= value.Min
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LaterPushes), value, "LaterPushes: need 0 <= Min <= Max");
    }

    /// <summary>The store's retention in every case (numVersionsToPreserve).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1.</exception>
    public int Retention
    {
        get => retention;
        init => retention = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Retention), value, "Retention: a store keeps at least 1 version");
    }

    /// <summary>When set, a case may kill the push in flight at a time within [0, this]; null: never.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative window.</exception>
    public TimeSpan? KillPushWithin
    {
        get => killPushWithin;
        init => killPushWithin = value is null || value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(KillPushWithin), value, "KillPushWithin: the window must be >= 0");
    }

    private readonly (int Min, int Max) laterPushes = (0, 0);
    private readonly int retention = StoreDefinition.DefaultVersionsToPreserve;
    private readonly TimeSpan? killPushWithin;

    /// <summary>Failover worlds within the hunt's bounds, each with an explicit schedule.</summary>
    public Gen<FailoverWorldCase> Cases()
    {
        TopicKind[] topics = LogTopics is { Count: > 0 } chosen ? [.. chosen]
            : Kind == StoreKind.Hybrid ? [TopicKind.Version, TopicKind.RealTime] : [TopicKind.Version];
        var cases = from shape in VeniceGen.ClusterShapes(Cluster)
               from push in VeniceGen.Workloads(Push)
               from rt in VeniceGen.Workloads(RealTime)
               from seed in Gen.Choose(0, 10_000)
               from faults in VeniceGen.FaultSchedules(Faults, shape.Servers, shape.Partitions)
               from logFaults in VeniceGen.LogFaultSchedules(Faults, shape.Partitions, topics)
               from schedule in ScheduleGen.Schedules(Schedule)
               select new FailoverWorldCase(shape, push, rt, seed, faults) { LogFaults = logFaults, Kind = Kind, Config = Config, Schedule = schedule, Retention = Retention };
        // Without versions or kills no further generator is bound, so the other hunts keep their cases.
        if (LaterPushes.Max == 0 && KillPushWithin is null) return cases;
        var killWindowMs = (int)Math.Min(int.MaxValue, (KillPushWithin ?? TimeSpan.Zero).TotalMilliseconds);
        return from c in cases
               from count in Gen.Choose(LaterPushes.Min, LaterPushes.Max)
               from later in Gen.ListOf(VeniceGen.Workloads(Push), count)
               from killMs in KillPushWithin is null ? Gen.Constant(-1) : Gen.Choose(0, killWindowMs)
               select c with { LaterPushes = later.ToArray(), KillPushAt = killMs < 0 ? null : TimeSpan.FromMilliseconds(killMs) };
    }

    /// <summary>The joint shrinker (<see cref="WorldCaseGen.ShrinkFailoverWorld"/>) within the hunt's bounds.</summary>
    public IEnumerable<FailoverWorldCase> Shrink(FailoverWorldCase c) => WorldCaseGen.ShrinkFailoverWorld(c, Cluster, Push, RealTime, Faults, Schedule);

    /// <summary>The cases, shrinking jointly.</summary>
    public Arbitrary<FailoverWorldCase> Arbitrary() => Arb.From(Cases(), Shrink);
}

/// <summary>What one hunt found: whether the property failed, after how many cases, and the case it shrank to.</summary>
/// <param name="Found">The property failed within the test budget.</param>
/// <param name="TestsToFind">Cases run up to and including the first failing one (the budget when not found).</param>
/// <param name="ShrinkSteps">Shrinks FsCheck accepted (each a smaller case that still fails).</param>
/// <param name="ShrinkRuns">Candidate cases run while shrinking, accepted or not.</param>
/// <param name="FirstFailing">The first failing case, as generated; null when not found.</param>
/// <param name="Shrunk">The minimal failing case; null when not found.</param>
/// <param name="Violated">The invariants the shrunk case violates (watched or not), in catalog order.</param>
public sealed record HuntResult(DefectHunt Hunt, bool Found, int TestsToFind, int ShrinkSteps, int ShrinkRuns,
    FailoverWorldCase? FirstFailing, FailoverWorldCase? Shrunk, IReadOnlyList<string> Violated)
{
    /// <summary>
    /// The decisions that matter: the shrunk schedule's entries. Shrinking stops only when removing any single
    /// entry makes the property pass, so each one is needed; every other step follows the canonical order.
    /// </summary>
    public int Decisions => Shrunk?.Schedule?.Count ?? 0;
}

/// <summary>
/// The defect hunts of the catalog and the property that runs one: "with this defect on, no invariant is
/// violated", over the hunt's generated failovers, checked by FsCheck with a fixed replay seed so the
/// table it produces is reproducible.
/// </summary>
public static class DefectHunts
{
    /// <summary>The cases a hunt runs unless told otherwise (FsCheck's case sizes grow over the budget, so a different budget draws different cases).</summary>
    public const int DefaultTests = 200;

    /// <summary>The replay seed a hunt uses unless told otherwise.</summary>
    public const ulong DefaultSeed = 20_261_207UL;

    private static readonly FaultBounds EarlyServerFaults = new(maxFaults: 3, window: TimeSpan.FromSeconds(2), maxDuration: TimeSpan.FromSeconds(20));

    /// <summary>One hunt per catalog defect, in catalog order (defects without a hunt are left out; <see cref="For"/> says so).</summary>
    public static IReadOnlyList<DefectHunt> Catalog { get; } =
    [
        new("promote-without-wait", "hybrid; pauses and isolations up to 60 s (longer than the 30 s session timeout) while the leaders replay the RT", ["single-leader-writer"])
        {
            Faults = new(maxFaults: 3, window: TimeSpan.FromSeconds(400), maxDuration: TimeSpan.FromSeconds(60), kinds: [FaultKind.Pause, FaultKind.Isolate]),
        },
        new("checkpoint-before-sync", "batch; a storage sync every 256 bytes, so checkpoints follow writes the engine has not synced", ["checkpoint-not-ahead"])
        {
            Kind = StoreKind.Batch, Faults = EarlyServerFaults,
            Config = [new("server.database.sync.bytes.interval.for.transactional.mode", "256")],
        },
        new("complete-before-eop", "batch (a hybrid replica also waits for TOPIC_SWITCH, which hides it)", ["status-order", "online-has-data"])
        {
            Kind = StoreKind.Batch, Faults = EarlyServerFaults,
        },
        new("resume-rt-from-latest", "hybrid; the default failover faults", ["no-lost-writes"]),
        new("div-ignores-gaps", "batch of 200 to 400 records written one per step; a record lost from the version topic at the start of the push or once START_OF_PUSH is consumed, so mid-push", ["div-catches-loss"])
        {
            Kind = StoreKind.Batch,
            // A long push written one record per step, so a loss once START_OF_PUSH is consumed hits a data record:
            // losing the data writer's final END_OF_SEGMENT is a gap no sequence number shows, and div-catches-loss
            // reports it even on the healthy code (docs/property-testing.md#what-the-hunts-found).
            Cluster = new(minServers: 2, maxServers: 4, minPartitions: 1, maxPartitions: 2, minReplicationFactor: 2, maxReplicationFactor: 3),
            Push = new(minRecords: 200, maxRecords: 400, maxKeys: 100),
            Config = [new("push.batch.records", "1")],
            Faults = new(maxFaults: 0, window: TimeSpan.Zero, milestones: [MilestoneKind.StartOfPushConsumed], maxMilestoneDelay: TimeSpan.Zero,
                logKinds: [FaultKind.LoseRecord], maxLogFaults: 2),
        },
        new("decider-ignores-leader", "batch, RF 3 under WAIT_N_MINUS_ONE; early pauses of any server", ["online-has-data"])
        {
            Kind = StoreKind.Batch,
            Cluster = new(minServers: 3, maxServers: 4, minPartitions: 1, maxPartitions: 3, minReplicationFactor: 3, maxReplicationFactor: 3),
            Faults = new(maxFaults: 3, window: TimeSpan.FromSeconds(1), maxDuration: TimeSpan.FromSeconds(20), kinds: [FaultKind.Pause]),
            Config = [new("default.offline.push.strategy", "WAIT_N_MINUS_ONE")],
        },
        new("keep-cv-on-drop", "batch on 4 servers; crashes of up to 120 s, long enough for Helix to replace the replicas and drop the replacements", ["view-consistency"])
        {
            Kind = StoreKind.Batch,
            Cluster = new(minServers: 4, maxServers: 4, minPartitions: 1, maxPartitions: 4, minReplicationFactor: 2, maxReplicationFactor: 3),
            Faults = new(maxFaults: 2, window: TimeSpan.FromSeconds(20), minDuration: TimeSpan.FromSeconds(1), maxDuration: TimeSpan.FromSeconds(120), kinds: [FaultKind.Crash]),
        },
        new("demote-without-drain", "hybrid; one record per poll, so a leader demoted while it replays the RT has records it produced but not yet persisted", ["no-false-div", "replicas-converge", "no-lost-writes"])
        {
            Config = [new("poll.batch.records", "1")],
        },
        new("swap-before-online", "batch with one or two later pushes, so the store's current version swaps; early crashes, expiries, pauses and isolations", ["current-version-online", "reads-have-serving-version"])
        {
            Kind = StoreKind.Batch, Faults = EarlyServerFaults, LaterPushes = (1, 2),
        },
        new("retire-current-version", "batch with one or two later pushes and a retention of one version, so retention runs while the current version serves", ["reads-have-serving-version"])
        {
            Kind = StoreKind.Batch, Faults = EarlyServerFaults, LaterPushes = (1, 2), Retention = 1,
        },
        new("retire-without-drop", "batch with two or three later pushes, so the oldest version is retired beyond the default retention of two", ["retired-version-clean"])
        {
            Kind = StoreKind.Batch, Faults = EarlyServerFaults, LaterPushes = (2, 3),
        },
        new("swap-to-failed-push", "batch with one or two later pushes and a kill of the push in flight within the first 20 s", ["current-version-online", "failed-push-keeps-current", "reads-have-serving-version"])
        {
            Kind = StoreKind.Batch, Faults = EarlyServerFaults, LaterPushes = (1, 2), KillPushWithin = TimeSpan.FromSeconds(20),
        },
        new("follower-skips-lag-check", "hybrid with a lag threshold of 10; crashes of up to 120 s, so a follower restarts behind the leader's RT replay", ["completed-within-lag"])
        {
            Faults = new(maxFaults: 3, window: TimeSpan.FromSeconds(400), maxDuration: TimeSpan.FromSeconds(120), kinds: [FaultKind.Crash]),
            Config = [new("hybrid.offset.lag.threshold.to.go.online", "10")],
        },
        new("promotion-wait-from-start", "hybrid; pauses of up to 250 s, so a zombie leader wakes and writes late in its successor's promotion wait", ["promotion-after-quiet-vt"])
        {
            Faults = new(maxFaults: 3, window: TimeSpan.FromSeconds(400), maxDuration: TimeSpan.FromSeconds(250), kinds: [FaultKind.Pause]),
        },
        new("run-stale-session-message", "batch on 3 or 4 servers; crashes and session expiries in the first second, while the controller is still placing replicas, so messages wait for a session their server loses", ["session-fencing"])
        {
            Kind = StoreKind.Batch,
            Cluster = new(minServers: 3, maxServers: 4, minPartitions: 1, maxPartitions: 4, minReplicationFactor: 2, maxReplicationFactor: 3),
            Faults = new(maxFaults: 3, window: TimeSpan.FromSeconds(1), maxDuration: TimeSpan.FromSeconds(20), kinds: [FaultKind.Crash, FaultKind.ExpireSession]),
        },
        new("failed-send-reuses-sequence", "hybrid with one partition; failed produces to the real-time topic in the first 4 s, two arming together exhaust the nearline producer's three attempts", ["no-false-div"])
        {
            Cluster = new(minServers: 2, maxServers: 3, minPartitions: 1, maxPartitions: 1, minReplicationFactor: 2, maxReplicationFactor: 3),
            Faults = new(maxFaults: 0, window: TimeSpan.FromSeconds(4), logKinds: [FaultKind.DuplicateRecord], maxLogFaults: 3),
            LogTopics = [TopicKind.RealTime],
        },
    ];

    /// <summary>The hunt for <paramref name="defect"/>.</summary>
    /// <exception cref="ArgumentException">No hunt is defined for that name.</exception>
    public static DefectHunt For(string defect) =>
        Catalog.FirstOrDefault(h => h.Defect == defect)
        ?? throw new ArgumentException($"no defect hunt for '{defect}'; hunts exist for: {string.Join(", ", Catalog.Select(h => h.Defect))}", nameof(defect));

    /// <summary>The violations of one case's run with <paramref name="defect"/> on (null: the healthy code), in catalog order.</summary>
    public static IReadOnlyList<string> Violations(FailoverWorldCase c, string? defect)
    {
        ArgumentNullException.ThrowIfNull(c);
        var builder = c.ToBuilder();
        if (defect is not null) builder = builder.WithDefect(defect);
        var result = builder.Build().Run();
        return InvariantNames.Catalog.Names.Where(n => result.Violations.Any(v => v.Invariant == n)).ToArray();
    }

    /// <summary>
    /// Checks "none of the hunt's watched invariants is violated" over <paramref name="maxTests"/> cases of <paramref name="hunt"/> with
    /// FsCheck (replay seed <paramref name="seed"/>), the defect on when <paramref name="withDefect"/>, and
    /// reports the first failure and the case FsCheck shrank it to.
    /// </summary>
    public static HuntResult Run(DefectHunt hunt, int maxTests = DefaultTests, ulong seed = DefaultSeed, bool withDefect = true)
    {
        ArgumentNullException.ThrowIfNull(hunt);
        if (maxTests < 1) throw new ArgumentOutOfRangeException(nameof(maxTests), maxTests, "maxTests must be >= 1");
        string? defect = withDefect ? hunt.Defect : null;
        int runs = 0, testsToFind = 0, failures = 0;
        FailoverWorldCase? first = null, smallest = null;
        var property = Prop.ForAll(hunt.Arbitrary(), c =>
        {
            runs++;
            bool holds = !Violations(c, defect).Any(hunt.Watched.Contains);
            if (!holds)
            {
                if (failures++ == 0) (testsToFind, first) = (runs, c);
                smallest = c;
            }
            return holds;
        });
        var config = Config.QuickThrowOnFailure.WithMaxTest(maxTests).WithReplay(seed, 0x9E3779B97F4A7C15UL).WithQuietOnSuccess(true);
        try
        {
            Check.One(config, property);
        }
        catch (Exception e) when (smallest is not null && e.Message.Contains("Falsifiable", StringComparison.Ordinal))
        {
            // The property failed: FsCheck has shrunk it; smallest is the last failing case it ran.
        }
        if (smallest is null) return new HuntResult(hunt, false, runs, 0, 0, null, null, []);
        return new HuntResult(hunt, true, testsToFind, failures - 1, runs - testsToFind, first, smallest, Violations(smallest, defect));
    }
}
