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

    /// <summary>One fault at one of <paramref name="servers"/>, starting at a whole second within the window (or at a milestone of one of <paramref name="partitions"/>).</summary>
    public static Gen<FaultCase> Faults(FaultBounds bounds, int servers, int partitions = 1)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers), servers, "servers must be >= 1");
        var timed = from kind in Gen.Elements(bounds.Kinds.ToArray())
                    from server in Gen.Choose(0, servers - 1)
                    from at in Gen.Choose(0, (int)bounds.Window.TotalSeconds)
                    from duration in Gen.Choose((int)bounds.MinDuration.TotalSeconds, (int)bounds.MaxDuration.TotalSeconds)
                    select new FaultCase(kind, server, TimeSpan.FromSeconds(at), TimeSpan.FromSeconds(duration));
        // Without milestones the generator is exactly the time-only one, so existing seeds keep their cases.
        if (bounds.Milestones.Count == 0) return timed;
        return from fault in timed
               from when in Triggers(bounds, partitions)
               select fault with { When = when };
    }

    /// <summary>
    /// A milestone trigger about half the time when <see cref="FaultBounds.Milestones"/> names any (null, a time
    /// trigger, otherwise), at one of <paramref name="partitions"/>.
    /// </summary>
    public static Gen<MilestoneCase?> Triggers(FaultBounds bounds, int partitions)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (partitions < 1) throw new ArgumentOutOfRangeException(nameof(partitions), partitions, "partitions must be >= 1");
        if (bounds.Milestones.Count == 0) return Gen.Constant<MilestoneCase?>(null);
        var milestone = from kind in Gen.Elements(bounds.Milestones.ToArray())
                        from partition in Gen.Choose(0, partitions - 1)
                        from occurrence in Gen.Choose(1, bounds.MaxOccurrence)
                        from delay in Gen.Choose(0, (int)bounds.MaxMilestoneDelay.TotalSeconds)
                        select (MilestoneCase?)new MilestoneCase(kind, partition, occurrence, TimeSpan.FromSeconds(delay));
        return Gen.OneOf(Gen.Constant<MilestoneCase?>(null), milestone);
    }

    /// <summary>Toward no delay, the first occurrence, partition 0 and an earlier milestone of the write path.</summary>
    public static IEnumerable<MilestoneCase> ShrinkTrigger(MilestoneCase trigger, FaultBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(bounds);
        if (trigger.Delay > TimeSpan.Zero) yield return trigger with { Delay = TimeSpan.Zero };
        if (trigger.Occurrence > 1) yield return trigger with { Occurrence = 1 };
        if (trigger.Partition > 0) yield return trigger with { Partition = 0 };
        var earlier = bounds.Milestones.Where(k => IndexOf(MilestoneCase.GeneratedKinds, k) < IndexOf(MilestoneCase.GeneratedKinds, trigger.Kind));
        foreach (var kind in earlier.Take(1)) yield return trigger with { Kind = kind };
    }

    /// <summary>One log fault at one of <paramref name="partitions"/>, of a kind in <see cref="FaultBounds.LogKinds"/> (which must name one).</summary>
    public static Gen<LogFaultCase> LogFaults(FaultBounds bounds, int partitions, params TopicKind[] topics)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (bounds.LogKinds.Count == 0) throw new ArgumentException("bounds.LogKinds names no log fault kind", nameof(bounds));
        if (partitions < 1) throw new ArgumentOutOfRangeException(nameof(partitions), partitions, "partitions must be >= 1");
        TopicKind[] allowed = topics is { Length: > 0 } ? [.. topics.Distinct()] : [TopicKind.Version, TopicKind.RealTime];
        return from kind in Gen.Elements(bounds.LogKinds.ToArray())
               from topic in Gen.Elements(allowed)
               from partition in Gen.Choose(0, partitions - 1)
               from at in Gen.Choose(0, (int)bounds.Window.TotalSeconds)
               from when in Triggers(bounds, partitions)
               select new LogFaultCase(kind, topic, partition, TimeSpan.FromSeconds(at)) { When = when };
    }

    /// <summary>Up to <see cref="FaultBounds.MaxLogFaults"/> log faults; always empty when <see cref="FaultBounds.LogKinds"/> is.</summary>
    public static Gen<IReadOnlyList<LogFaultCase>> LogFaultSchedules(FaultBounds bounds, int partitions, params TopicKind[] topics)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (bounds.LogKinds.Count == 0 || bounds.MaxLogFaults == 0) return Gen.Constant<IReadOnlyList<LogFaultCase>>([]);
        return Gen.ArrayOf(LogFaults(bounds, partitions, topics)).Select(faults => (IReadOnlyList<LogFaultCase>)faults.Take(bounds.MaxLogFaults).ToArray());
    }

    /// <summary>Each log fault removed in turn, then each earlier, at partition 0, a time trigger for a milestone one, a simpler milestone.</summary>
    public static IEnumerable<IReadOnlyList<LogFaultCase>> ShrinkLogFaultSchedule(IReadOnlyList<LogFaultCase> faults, FaultBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(bounds);
        for (int i = 0; i < faults.Count; i++) yield return [.. faults.Take(i), .. faults.Skip(i + 1)];
        for (int i = 0; i < faults.Count; i++)
        {
            foreach (var smaller in ShrinkLogFault(faults[i], bounds)) yield return [.. faults.Take(i), smaller, .. faults.Skip(i + 1)];
        }
    }

    /// <summary>Up to <see cref="FaultBounds.MaxFaults"/> faults at <paramref name="servers"/>.</summary>
    public static Gen<IReadOnlyList<FaultCase>> FaultSchedules(FaultBounds bounds, int servers, int partitions = 1) =>
        Gen.ArrayOf(Faults(bounds, servers, partitions)).Select(faults => (IReadOnlyList<FaultCase>)faults.Take(bounds.MaxFaults).ToArray());

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

    private static IEnumerable<LogFaultCase> ShrinkLogFault(LogFaultCase fault, FaultBounds bounds)
    {
        if (fault.When is { } when)
        {
            yield return fault with { When = null, At = TimeSpan.Zero };
            foreach (var simpler in ShrinkTrigger(when, bounds)) yield return fault with { When = simpler };
        }
        else if (fault.At > TimeSpan.Zero)
        {
            yield return fault with { At = TimeSpan.Zero };
        }
        if (fault.Partition > 0) yield return fault with { Partition = 0 };
    }

    private static int IndexOf(IReadOnlyList<MilestoneKind> kinds, MilestoneKind kind)
    {
        for (int i = 0; i < kinds.Count; i++) if (kinds[i] == kind) return i;
        return -1;
    }

    private static IEnumerable<FaultCase> ShrinkFault(FaultCase fault, FaultBounds bounds)
    {
        if (fault.When is { } when)
        {
            // A time trigger at zero is the simplest trigger there is; a simpler milestone comes next.
            yield return fault with { When = null, At = TimeSpan.Zero };
            foreach (var simpler in ShrinkTrigger(when, bounds)) yield return fault with { When = simpler };
        }
        // A milestone fault ignores its time, so moving the time would be a shrink that changes nothing.
        else if (fault.At > TimeSpan.Zero)
        {
            yield return fault with { At = TimeSpan.Zero };
            var half = TimeSpan.FromSeconds((long)fault.At.TotalSeconds / 2);
            if (half > TimeSpan.Zero) yield return fault with { At = half };
        }
        if (fault.Duration > bounds.MinDuration) yield return fault with { Duration = bounds.MinDuration };
        if (fault.Server > 0) yield return fault with { Server = 0 };
    }
}
