using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.Model;

namespace Venice.Sim.FsCheck;

/// <summary>
/// A small batch-push world: a cluster, a batch store with its settings, one push and the seed (which
/// also decides the seeded scheduler's interleaving). What FsCheck generates and shrinks.
/// </summary>
public sealed record BatchWorldCase(ClusterShape Cluster, StoreCase Store, WorkloadCase Push, long Seed)
{
    /// <summary>The store's name in the built world.</summary>
    public const string StoreName = "orders";

    /// <summary>The world: the cluster, the store and its push, small batches so a push takes many steps.</summary>
    public WorldBuilder ToBuilder()
    {
        var builder = WorldBuilder.Create(Seed).WithName("generated-batch").WithServers(Cluster.Servers)
            .WithStore(Store.ToDefinition(StoreName, Cluster))
            .WithPush(StoreName, Push.ToPush())
            .WithConfig("poll.batch.records", "7")
            .WithConfig("push.batch.records", "5")
            .WithMaxSteps(100_000);
        // The case's own overrides come last, so they win over the defaults above.
        return Store.Config.Aggregate(builder, (b, c) => b.WithConfig(c.Key, c.Value));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Cluster} store=[{Store}] push=[{Push}] seed={Seed}";
}

/// <summary>
/// A small hybrid world and the server faults it meets during its push, TOPIC_SWITCH and the leaders'
/// RT replay (crashes, session expiries, pauses, isolations at sim times), after which the world heals
/// and settles. What the failover properties generate and shrink.
/// </summary>
public sealed record FailoverWorldCase(ClusterShape Cluster, WorkloadCase Push, WorkloadCase RealTime, long Seed, IReadOnlyList<FaultCase> Faults)
{
    /// <summary>The store's name in the built world.</summary>
    public const string StoreName = "carts";

    /// <summary>Real-time writes per second of sim time.</summary>
    public const int RealTimeRatePerSecond = 5;

    /// <summary>The fault phase: faults start in its first <see cref="FaultBounds.Window"/>; the world heals at its end.</summary>
    public static TimeSpan FaultsUntil { get; } = TimeSpan.FromSeconds(420);

    /// <summary>How long the world may take, after healing, to settle.</summary>
    public static TimeSpan SettleWithin { get; } = TimeSpan.FromSeconds(900);

    /// <summary>The world with its faults scheduled; add defects, invariants or an expectation to the builder as needed.</summary>
    public WorldBuilder ToBuilder()
    {
        var store = (Kind == StoreKind.Hybrid
            ? StoreDefinition.Hybrid(StoreName, Cluster.Partitions, Cluster.ReplicationFactor)
            : new StoreDefinition(StoreName) { Kind = StoreKind.Batch, Partitions = Cluster.Partitions, ReplicationFactor = Cluster.ReplicationFactor })
            with { VersionsToPreserve = Retention };
        var builder = WorldBuilder.Create(Seed).WithName("generated-failover").WithServers(Cluster.Servers)
            .WithStore(store)
            .WithPush(StoreName, Push.ToPush())
            .WithPhases(FaultsUntil, SettleWithin)
            .WithMaxSteps(400_000);
        if (Kind == StoreKind.Hybrid) builder = builder.WithRealtime(StoreName, RealTime.ToRealTime(RealTimeRatePerSecond));
        // Later pushes: versions 2, 3, ..., each starting when the store's previous push is done.
        builder = LaterPushes.Aggregate(builder, (b, later) => b.WithPush(StoreName, later.ToPush()));
        if (KillPushAt is { } kill) builder = builder.WithFault(Fault.KillPush(StoreName).At(kill));
        // Small batches so a push takes many steps, unless the case sets them itself (a config key is written once, as a scenario file must).
        KeyValuePair<string, string>[] defaults = [new("poll.batch.records", "7"), new("push.batch.records", "5")];
        builder = defaults.Where(d => !Config.Any(c => c.Key == d.Key)).Concat(Config).Aggregate(builder, (b, c) => b.WithConfig(c.Key, c.Value));
        if (Schedule is { } schedule) builder = builder.WithSchedule(schedule);
        return Faults.SelectMany(f => f.ToFaults(StoreName)).Concat(LogFaults.Select(f => f.ToFault(StoreName)))
            .Aggregate(builder, (b, f) => b.WithFault(f));
    }

    /// <summary>Hybrid (the default: a push, TOPIC_SWITCH, then real-time writes) or batch (the push only; <see cref="RealTime"/> unused).</summary>
    public StoreKind Kind { get; init; } = StoreKind.Hybrid;

    /// <summary>Venice config overrides by their Venice names (docs/options.md), applied after the case's defaults.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Config { get; init; } = [];

    /// <summary>
    /// The interleaving: an explicit schedule (the steps where it departs from the canonical round-robin
    /// order, docs/property-testing.md#schedules), or null to let the seeded scheduler choose every step.
    /// </summary>
    public IReadOnlyList<ScheduleDecision>? Schedule { get; init; }

    /// <summary>Log faults (lost, corrupted, duplicated records) in the store's topics; none unless the fault bounds name log kinds.</summary>
    public IReadOnlyList<LogFaultCase> LogFaults { get; init; } = [];

    /// <summary>The store's pushes after its first (versions 2, 3, ...), each starting when the previous one is done; none by default.</summary>
    public IReadOnlyList<WorkloadCase> LaterPushes { get; init; } = [];

    /// <summary>How many versions the store keeps (Venice's numVersionsToPreserve; the current one and one backup by default).</summary>
    public int Retention { get; init; } = StoreDefinition.DefaultVersionsToPreserve;

    /// <summary>When the store's push in flight is killed (Venice's kill push job), or null for never.</summary>
    public TimeSpan? KillPushAt { get; init; }

    /// <summary>Server and log faults together, and the push kill.</summary>
    public int FaultCount => Faults.Count + LogFaults.Count + (KillPushAt is null ? 0 : 1);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Cluster}{(Kind == StoreKind.Batch ? " batch" : "")} push=[{Push}]{(Kind == StoreKind.Hybrid ? $" realtime=[{RealTime}]" : "")} seed={Seed}"
        + (Config.Count == 0 ? "" : " config={" + string.Join(", ", Config.Select(c => $"{c.Key}={c.Value}")) + "}")
        + (LaterPushes.Count == 0 ? "" : $" later=[{string.Join("; ", LaterPushes)}]")
        + (Retention == StoreDefinition.DefaultVersionsToPreserve ? "" : $" retention={Retention}")
        + (KillPushAt is { } kill ? $" kill-push at {((long)kill.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)} ms" : "")
        + $" faults=[{string.Join("; ", Faults.Select(f => f.ToString()).Concat(LogFaults.Select(f => f.ToString())))}]"
        + (Schedule is { } s ? $" schedule=[{string.Join(", ", s.Select(d => $"{d.Step}:{d.Choice}"))}]" : "");
}

/// <summary>Generators and shrinkers of whole world cases, over the part generators of <see cref="VeniceGen"/>.</summary>
public static class WorldCaseGen
{
    /// <summary>The default batch bounds: 1..4 servers and partitions, up to 120 records over up to 40 keys.</summary>
    public static ClusterBounds BatchClusters { get; } = new(minServers: 1, maxServers: 4, minPartitions: 1, maxPartitions: 4);

    /// <summary>The default batch push bounds.</summary>
    public static WorkloadBounds BatchPushes { get; } = new(minRecords: 0, maxRecords: 120, maxKeys: 40);

    /// <summary>The default failover bounds: 2..4 servers, 1..3 partitions, RF 2..3.</summary>
    public static ClusterBounds FailoverClusters { get; } = new(minServers: 2, maxServers: 4, minPartitions: 1, maxPartitions: 3, minReplicationFactor: 2, maxReplicationFactor: 3);

    /// <summary>The default failover push bounds.</summary>
    public static WorkloadBounds FailoverPushes { get; } = new(minRecords: 1, maxRecords: 60, maxKeys: 30);

    /// <summary>The default failover real-time bounds.</summary>
    public static WorkloadBounds FailoverRealTime { get; } = new(minRecords: 1, maxRecords: 2_000, maxKeys: 1_000);

    /// <summary>The default failover faults: up to four, starting in the first 400 s, lasting 1..20 s.</summary>
    public static FaultBounds FailoverFaults { get; } = new(maxFaults: 4, window: TimeSpan.FromSeconds(400));

    /// <summary>Batch worlds within the bounds (the defaults above when null).</summary>
    public static Gen<BatchWorldCase> BatchWorlds(ClusterBounds? cluster = null, WorkloadBounds? push = null)
    {
        cluster ??= BatchClusters;
        push ??= BatchPushes;
        return from shape in VeniceGen.ClusterShapes(cluster)
               from store in VeniceGen.Stores(StoreKind.Batch)
               from workload in VeniceGen.Workloads(push)
               from seed in Gen.Choose(0, 10_000)
               select new BatchWorldCase(shape, store, workload, seed);
    }

    /// <summary>Toward fewer records and keys, then a smaller cluster, then fewer overrides, then seed 0.</summary>
    public static IEnumerable<BatchWorldCase> ShrinkBatchWorld(BatchWorldCase c, ClusterBounds? cluster = null, WorkloadBounds? push = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        foreach (var w in VeniceGen.ShrinkWorkload(c.Push, push ?? BatchPushes)) yield return c with { Push = w };
        foreach (var s in VeniceGen.ShrinkCluster(c.Cluster, cluster ?? BatchClusters)) yield return c with { Cluster = s };
        foreach (var s in VeniceGen.ShrinkStore(c.Store, StoreKind.Batch)) yield return c with { Store = s };
        if (c.Seed != 0) yield return c with { Seed = 0 };
    }

    /// <summary>Batch worlds that shrink with <see cref="ShrinkBatchWorld"/>.</summary>
    public static Arbitrary<BatchWorldCase> BatchWorldCases(ClusterBounds? cluster = null, WorkloadBounds? push = null) =>
        Arb.From(BatchWorlds(cluster, push), c => ShrinkBatchWorld(c, cluster, push));

    /// <summary>Failover worlds within the bounds (the defaults above when null).</summary>
    public static Gen<FailoverWorldCase> FailoverWorlds(ClusterBounds? cluster = null, WorkloadBounds? push = null, WorkloadBounds? realTime = null, FaultBounds? faults = null)
    {
        cluster ??= FailoverClusters;
        push ??= FailoverPushes;
        realTime ??= FailoverRealTime;
        faults ??= FailoverFaults;
        var worlds = from shape in VeniceGen.ClusterShapes(cluster)
                     from pushWorkload in VeniceGen.Workloads(push)
                     from rt in VeniceGen.Workloads(realTime)
                     from seed in Gen.Choose(0, 10_000)
                     from schedule in VeniceGen.FaultSchedules(faults, shape.Servers, shape.Partitions)
                     select new FailoverWorldCase(shape, pushWorkload, rt, seed, schedule);
        // Without log kinds no further generator is bound, so existing seeds keep their cases.
        if (faults.LogKinds.Count == 0 || faults.MaxLogFaults == 0) return worlds;
        return from world in worlds
               from logFaults in VeniceGen.LogFaultSchedules(faults, world.Cluster.Partitions)
               select world with { LogFaults = logFaults };
    }

    /// <summary>The highest partition a case's faults name (-1 for none): a smaller cluster must keep it.</summary>
    private static int HighestPartition(FailoverWorldCase c) =>
        c.Faults.Select(f => f.When?.Partition ?? 0).Concat(c.LogFaults.Select(f => Math.Max(f.Partition, f.When?.Partition ?? 0))).DefaultIfEmpty(-1).Max();

    /// <summary>
    /// Joint shrinking (docs/property-testing.md#joint-shrinking): one shrinker over the interleaving, the
    /// faults and the world size together, so every accepted step may come from any of them and the next
    /// step starts again from the top. In order: the canonical interleaving (no decisions at all), fewer,
    /// earlier and shorter faults, a smaller cluster (one the faults still fit), fewer records, then a
    /// shorter schedule (halves, quarters, ... then single decisions removed, then lower choices). A case
    /// with a seeded interleaving (<see cref="FailoverWorldCase.Schedule"/> null) keeps it.
    /// </summary>
    /// <param name="schedules">The bounds a shrunk schedule stays within; the generator's defaults when null.</param>
    public static IEnumerable<FailoverWorldCase> ShrinkFailoverWorld(FailoverWorldCase c, ClusterBounds? cluster = null, WorkloadBounds? push = null,
        WorkloadBounds? realTime = null, FaultBounds? faults = null, ScheduleBounds? schedules = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        var scheduleBounds = schedules ?? FailoverSchedules;
        var scheduleShrinks = c.Schedule is { } schedule ? ScheduleGen.ShrinkSchedule(schedule, scheduleBounds).ToArray() : [];
        // The canonical order first: when the interleaving does not matter this removes it in one run.
        bool canonicalFirst = scheduleShrinks.Length > 0 && scheduleShrinks[0].Count == 0;
        if (canonicalFirst) yield return c with { Schedule = scheduleShrinks[0] };
        foreach (var f in VeniceGen.ShrinkFaultSchedule(c.Faults, faults ?? FailoverFaults)) yield return c with { Faults = f };
        foreach (var f in VeniceGen.ShrinkLogFaultSchedule(c.LogFaults, faults ?? FailoverFaults)) yield return c with { LogFaults = f };
        foreach (var k in ShrinkKill(c.KillPushAt)) yield return c with { KillPushAt = k };
        foreach (var p in ShrinkLaterPushes(c.LaterPushes, push ?? FailoverPushes)) yield return c with { LaterPushes = p };
        foreach (var s in VeniceGen.ShrinkCluster(c.Cluster, cluster ?? FailoverClusters)
                     .Where(s => c.Faults.All(f => f.Server < s.Servers) && HighestPartition(c) < s.Partitions))
            yield return c with { Cluster = s };
        foreach (var w in VeniceGen.ShrinkWorkload(c.Push, push ?? FailoverPushes)) yield return c with { Push = w };
        if (c.Kind == StoreKind.Hybrid)
            foreach (var w in VeniceGen.ShrinkWorkload(c.RealTime, realTime ?? FailoverRealTime)) yield return c with { RealTime = w };
        foreach (var s in scheduleShrinks.Skip(canonicalFirst ? 1 : 0)) yield return c with { Schedule = s };
    }

    /// <summary>No kill first, then earlier: at 0, then half the time (whole milliseconds).</summary>
    private static IEnumerable<TimeSpan?> ShrinkKill(TimeSpan? kill)
    {
        if (kill is not { } at) yield break;
        yield return null;
        if (at > TimeSpan.Zero) yield return TimeSpan.Zero;
        var half = TimeSpan.FromMilliseconds(Math.Floor(at.TotalMilliseconds / 2));
        if (half > TimeSpan.Zero && half < at) yield return half;
    }

    /// <summary>Fewer later pushes (the last one dropped first), then each one smaller.</summary>
    private static IEnumerable<IReadOnlyList<WorkloadCase>> ShrinkLaterPushes(IReadOnlyList<WorkloadCase> pushes, WorkloadBounds bounds)
    {
        for (int drop = pushes.Count - 1; drop >= 0; drop--) yield return [.. pushes.Take(drop), .. pushes.Skip(drop + 1)];
        for (int i = 0; i < pushes.Count; i++)
        {
            foreach (var smaller in VeniceGen.ShrinkWorkload(pushes[i], bounds))
                yield return [.. pushes.Take(i), smaller, .. pushes.Skip(i + 1)];
        }
    }

    /// <summary>The default schedule bounds: up to 40 decisions within the first 20,000 steps.</summary>
    public static ScheduleBounds FailoverSchedules { get; } = new(maxDecisions: 40, maxStep: 20_000);

    /// <summary>Failover worlds that shrink with <see cref="ShrinkFailoverWorld"/>.</summary>
    public static Arbitrary<FailoverWorldCase> FailoverWorldCases(ClusterBounds? cluster = null, WorkloadBounds? push = null, WorkloadBounds? realTime = null, FaultBounds? faults = null) =>
        Arb.From(FailoverWorlds(cluster, push, realTime, faults), c => ShrinkFailoverWorld(c, cluster, push, realTime, faults));
}

/// <summary>
/// The default arbitraries, for <c>[Property(Arbitrary = new[] { typeof(VeniceArbitraries) })]</c>:
/// FsCheck registers every public static method here that returns an <see cref="Arbitrary{T}"/>.
/// </summary>
public static class VeniceArbitraries
{
    /// <summary>Batch worlds within <see cref="WorldCaseGen.BatchClusters"/> and <see cref="WorldCaseGen.BatchPushes"/>.</summary>
    public static Arbitrary<BatchWorldCase> BatchWorld() => WorldCaseGen.BatchWorldCases();

    /// <summary>Failover worlds within the default failover bounds of <see cref="WorldCaseGen"/>.</summary>
    public static Arbitrary<FailoverWorldCase> FailoverWorld() => WorldCaseGen.FailoverWorldCases();
}
