using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Controller;
using Venice.Sim.Model;

namespace Venice.Sim.FsCheck;

/// <summary>
/// Generators, shrinkers and arbitraries for the parts of a Venice world. Every shrinker moves toward a
/// smaller world: fewer servers, partitions, records, keys, config overrides and faults, earlier and
/// shorter faults; and never leaves its bounds, so a shrunk counterexample is still a case the property
/// was asked about.
/// </summary>
public static class VeniceGen
{
    /// <summary>The config knobs a generated store may override, by Venice name, with the range each is drawn from.</summary>
    public static IReadOnlyList<(string VeniceName, int Min, int Max)> ConfigKnobs { get; } =
    [
        ("poll.batch.records", 1, 20),
        ("push.batch.records", 1, 20),
        ("leader.batch.records", 1, 20),
    ];

    /// <summary>Cluster shapes within <paramref name="bounds"/>; the replication factor never exceeds the servers.</summary>
    public static Gen<ClusterShape> ClusterShapes(ClusterBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return from servers in Gen.Choose(Math.Max(bounds.MinServers, bounds.MinReplicationFactor), bounds.MaxServers)
               from partitions in Gen.Choose(bounds.MinPartitions, bounds.MaxPartitions)
               from rf in Gen.Choose(bounds.MinReplicationFactor, Math.Min(bounds.MaxReplicationFactor, servers))
               select new ClusterShape(servers, partitions, rf);
    }

    /// <summary>Fewer servers (the RF following down), fewer partitions, a smaller RF; never below the bounds.</summary>
    public static IEnumerable<ClusterShape> ShrinkCluster(ClusterShape shape, ClusterBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(bounds);
        int fewestServers = Math.Max(bounds.MinServers, bounds.MinReplicationFactor);
        if (shape.Servers > fewestServers)
        {
            yield return shape with { Servers = fewestServers, ReplicationFactor = Math.Min(shape.ReplicationFactor, fewestServers) };
            if (shape.Servers - 1 > fewestServers)
                yield return shape with { Servers = shape.Servers - 1, ReplicationFactor = Math.Min(shape.ReplicationFactor, shape.Servers - 1) };
        }
        if (shape.Partitions > bounds.MinPartitions) yield return shape with { Partitions = bounds.MinPartitions };
        if (shape.Partitions - 1 > bounds.MinPartitions) yield return shape with { Partitions = shape.Partitions - 1 };
        if (shape.ReplicationFactor > bounds.MinReplicationFactor) yield return shape with { ReplicationFactor = shape.ReplicationFactor - 1 };
    }

    /// <summary>Cluster shapes that shrink with <see cref="ShrinkCluster"/>.</summary>
    public static Arbitrary<ClusterShape> Clusters(ClusterBounds bounds) => Arb.From(ClusterShapes(bounds), s => ShrinkCluster(s, bounds));

    /// <summary>Stores of the given kinds (both by default), with or without a push strategy and config overrides.</summary>
    public static Gen<StoreCase> Stores(params StoreKind[] kinds)
    {
        var allowed = kinds is { Length: > 0 } ? kinds.Distinct().ToArray() : [StoreKind.Batch, StoreKind.Hybrid];
        PushStrategy?[] strategies = [null, PushStrategy.WaitNMinusOne, PushStrategy.WaitAll];
        // 0 leaves a knob at its default; a knob is overridden about half the time.
        var knobs = ConfigKnobs.Select(k => Gen.Choose(0, 2 * k.Max).Select(v => v < k.Min || v > k.Max ? null : (KeyValuePair<string, string>?)new(k.VeniceName, v.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var config = knobs.Aggregate(Gen.Constant(Array.Empty<KeyValuePair<string, string>>()),
            (acc, knob) => from list in acc from kv in knob select kv is { } some ? [.. list, some] : list);
        return from kind in Gen.Elements(allowed)
               from strategy in Gen.Elements(strategies)
               from overrides in config
               select new StoreCase(kind, strategy, overrides);
    }

    /// <summary>Fewer config overrides, then the default push strategy, then a batch store (when batch is among <paramref name="kinds"/>).</summary>
    public static IEnumerable<StoreCase> ShrinkStore(StoreCase store, params StoreKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(store);
        for (int i = 0; i < store.Config.Count; i++)
            yield return store with { Config = [.. store.Config.Take(i), .. store.Config.Skip(i + 1)] };
        if (store.PushStrategy is not null) yield return store with { PushStrategy = null };
        bool batchAllowed = kinds is not { Length: > 0 } || kinds.Contains(StoreKind.Batch);
        if (store.Kind != StoreKind.Batch && batchAllowed) yield return store with { Kind = StoreKind.Batch };
    }

    /// <summary>Stores that shrink with <see cref="ShrinkStore"/>.</summary>
    public static Arbitrary<StoreCase> StoreCases(params StoreKind[] kinds) => Arb.From(Stores(kinds), s => ShrinkStore(s, kinds));

    /// <summary>Workloads within <paramref name="bounds"/>.</summary>
    public static Gen<WorkloadCase> Workloads(WorkloadBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return from records in Gen.Choose(bounds.MinRecords, bounds.MaxRecords)
               from keys in Gen.Choose(1, bounds.MaxKeys)
               from valueBytes in Gen.Choose(bounds.MinValueBytes, bounds.MaxValueBytes)
               select new WorkloadCase(records, keys, valueBytes);
    }

    /// <summary>Fewer records (halved, then one fewer), fewer keys, shorter values; never below the bounds.</summary>
    public static IEnumerable<WorkloadCase> ShrinkWorkload(WorkloadCase workload, WorkloadBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(bounds);
        if (workload.Records > bounds.MinRecords)
        {
            yield return workload with { Records = Math.Max(bounds.MinRecords, workload.Records / 2) };
            if (workload.Records - 1 > Math.Max(bounds.MinRecords, workload.Records / 2)) yield return workload with { Records = workload.Records - 1 };
        }
        if (workload.Keys > 1) yield return workload with { Keys = Math.Max(1, workload.Keys / 2) };
        if (workload.ValueBytes > bounds.MinValueBytes) yield return workload with { ValueBytes = bounds.MinValueBytes };
    }

    /// <summary>Workloads that shrink with <see cref="ShrinkWorkload"/>.</summary>
    public static Arbitrary<WorkloadCase> WorkloadCases(WorkloadBounds bounds) => Arb.From(Workloads(bounds), w => ShrinkWorkload(w, bounds));

    /// <summary>One fault at one of <paramref name="servers"/>, starting at a whole second within the window.</summary>
    public static Gen<FaultCase> Faults(FaultBounds bounds, int servers)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers), servers, "servers must be >= 1");
        return from kind in Gen.Elements(bounds.Kinds.ToArray())
               from server in Gen.Choose(0, servers - 1)
               from at in Gen.Choose(0, (int)bounds.Window.TotalSeconds)
               from duration in Gen.Choose((int)bounds.MinDuration.TotalSeconds, (int)bounds.MaxDuration.TotalSeconds)
               select new FaultCase(kind, server, TimeSpan.FromSeconds(at), TimeSpan.FromSeconds(duration));
    }

    /// <summary>Up to <see cref="FaultBounds.MaxFaults"/> faults at <paramref name="servers"/>.</summary>
    public static Gen<IReadOnlyList<FaultCase>> FaultSchedules(FaultBounds bounds, int servers) =>
        Gen.ArrayOf(Faults(bounds, servers)).Select(faults => (IReadOnlyList<FaultCase>)faults.Take(bounds.MaxFaults).ToArray());

    /// <summary>Each fault removed in turn, then each fault earlier (at time zero, halved) and shorter, and at a lower server.</summary>
    public static IEnumerable<IReadOnlyList<FaultCase>> ShrinkFaultSchedule(IReadOnlyList<FaultCase> faults, FaultBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(bounds);
        for (int i = 0; i < faults.Count; i++) yield return [.. faults.Take(i), .. faults.Skip(i + 1)];
        for (int i = 0; i < faults.Count; i++)
        {
            foreach (var smaller in ShrinkFault(faults[i], bounds)) yield return [.. faults.Take(i), smaller, .. faults.Skip(i + 1)];
        }
    }

    /// <summary>Fault schedules at <paramref name="servers"/> that shrink with <see cref="ShrinkFaultSchedule"/>.</summary>
    public static Arbitrary<IReadOnlyList<FaultCase>> FaultScheduleCases(FaultBounds bounds, int servers) =>
        Arb.From(FaultSchedules(bounds, servers), f => ShrinkFaultSchedule(f, bounds));

    private static IEnumerable<FaultCase> ShrinkFault(FaultCase fault, FaultBounds bounds)
    {
        if (fault.At > TimeSpan.Zero)
        {
            yield return fault with { At = TimeSpan.Zero };
            var half = TimeSpan.FromSeconds((long)fault.At.TotalSeconds / 2);
            if (half > TimeSpan.Zero) yield return fault with { At = half };
        }
        if (fault.Duration > bounds.MinDuration) yield return fault with { Duration = bounds.MinDuration };
        if (fault.Server > 0) yield return fault with { Server = 0 };
    }
}
