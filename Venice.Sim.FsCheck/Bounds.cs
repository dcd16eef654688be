using Venice.Sim.Model;

namespace Venice.Sim.FsCheck;

/// <summary>
/// The range of cluster shapes to generate. Checked when made: an impossible range (a maximum below its
/// minimum, a replication factor no generated cluster can host) throws an <see cref="ArgumentException"/>
/// naming the bound, so a misconfigured property fails at once rather than generating nothing.
/// </summary>
public sealed class ClusterBounds
{
    /// <param name="maxReplicationFactor">Defaults to <paramref name="maxServers"/>; a generated RF never exceeds the generated servers.</param>
    public ClusterBounds(int minServers = 1, int maxServers = 4, int minPartitions = 1, int maxPartitions = 4,
        int minReplicationFactor = 1, int? maxReplicationFactor = null)
    {
        Bounds.Range(minServers, maxServers, 1, WorldSpec.MaxServers, nameof(minServers), nameof(maxServers));
        Bounds.Range(minPartitions, maxPartitions, 1, StoreDefinition.MaxPartitions, nameof(minPartitions), nameof(maxPartitions));
        int maxRf = maxReplicationFactor ?? maxServers;
        if (minReplicationFactor < 1) throw new ArgumentOutOfRangeException(nameof(minReplicationFactor), minReplicationFactor, "minReplicationFactor must be >= 1");
        if (minReplicationFactor > maxServers)
            throw new ArgumentException($"minReplicationFactor ({minReplicationFactor}) exceeds maxServers ({maxServers}): no cluster could host it", nameof(minReplicationFactor));
        if (maxRf > maxServers)
            throw new ArgumentException($"maxReplicationFactor ({maxRf}) exceeds maxServers ({maxServers}): no cluster could host it", nameof(maxReplicationFactor));
        if (maxRf < minReplicationFactor)
            throw new ArgumentException($"maxReplicationFactor ({maxRf}) is below minReplicationFactor ({minReplicationFactor})", nameof(maxReplicationFactor));
        (MinServers, MaxServers, MinPartitions, MaxPartitions, MinReplicationFactor, MaxReplicationFactor) =
            (minServers, maxServers, minPartitions, maxPartitions, minReplicationFactor, maxRf);
    }

    /// <summary>Fewest servers.</summary>
    public int MinServers { get; }

    /// <summary>Most servers.</summary>
    public int MaxServers { get; }

    /// <summary>Fewest partitions.</summary>
    public int MinPartitions { get; }

    /// <summary>Most partitions.</summary>
    public int MaxPartitions { get; }

    /// <summary>Smallest replication factor.</summary>
    public int MinReplicationFactor { get; }

    /// <summary>Largest replication factor (never above the generated servers).</summary>
    public int MaxReplicationFactor { get; }
}

/// <summary>The range of workloads to generate (records, key space, value sizes); checked when made, as <see cref="ClusterBounds"/> is.</summary>
public sealed class WorkloadBounds
{
    /// <summary>Bounds on records, keys and value bytes.</summary>
    public WorkloadBounds(int minRecords = 0, int maxRecords = 120, int maxKeys = 40, int minValueBytes = 8, int maxValueBytes = 8)
    {
        Bounds.Range(minRecords, maxRecords, 0, int.MaxValue, nameof(minRecords), nameof(maxRecords));
        if (maxKeys < 1) throw new ArgumentOutOfRangeException(nameof(maxKeys), maxKeys, "maxKeys must be >= 1");
        Bounds.Range(minValueBytes, maxValueBytes, 0, ValueSize.MaxValueBytes, nameof(minValueBytes), nameof(maxValueBytes));
        (MinRecords, MaxRecords, MaxKeys, MinValueBytes, MaxValueBytes) = (minRecords, maxRecords, maxKeys, minValueBytes, maxValueBytes);
    }

    /// <summary>Fewest records.</summary>
    public int MinRecords { get; }

    /// <summary>Most records.</summary>
    public int MaxRecords { get; }

    /// <summary>The largest key space (keys are 1..this).</summary>
    public int MaxKeys { get; }

    /// <summary>Shortest value.</summary>
    public int MinValueBytes { get; }

    /// <summary>Longest value.</summary>
    public int MaxValueBytes { get; }
}

/// <summary>
/// The range of fault schedules to generate: which kinds, how many, when (within the fault window, in
/// whole seconds) and for how long. The defaults keep pauses and isolations shorter than the session
/// timeout (Venice's timing assumptions). Checked when made, as <see cref="ClusterBounds"/> is.
/// </summary>
public sealed class FaultBounds
{
    /// <summary>The kinds a generated schedule may hold: the server faults with a time and a duration.</summary>
    public static IReadOnlyList<FaultKind> ServerFaultKinds { get; } = [FaultKind.Crash, FaultKind.ExpireSession, FaultKind.Pause, FaultKind.Isolate];

    /// <summary>The kinds a generated log fault may have.</summary>
    public static IReadOnlyList<FaultKind> LogFaultKinds { get; } = [FaultKind.LoseRecord, FaultKind.CorruptRecord, FaultKind.DuplicateRecord];

    /// <param name="window">Faults start within [0, window] of sim time.</param>
    /// <param name="kinds">A subset of <see cref="ServerFaultKinds"/>; all of them by default.</param>
    /// <param name="milestones">
    /// Milestones (a subset of <see cref="MilestoneCase.GeneratedKinds"/>) a fault may be triggered by instead of a time;
    /// none by default, so every fault fires at a time.
    /// </param>
    /// <param name="maxOccurrence">A milestone trigger fires at its 1st .. this-th occurrence.</param>
    /// <param name="maxMilestoneDelay">A milestone trigger fires 0 .. this long (whole seconds) after its milestone.</param>
    /// <param name="logKinds">Log fault kinds (a subset of <see cref="LogFaultKinds"/>); none by default.</param>
    /// <param name="maxLogFaults">Most log faults in one schedule.</param>
    public FaultBounds(int maxFaults = 4, TimeSpan? window = null, TimeSpan? minDuration = null, TimeSpan? maxDuration = null, IReadOnlyList<FaultKind>? kinds = null,
        IReadOnlyList<MilestoneKind>? milestones = null, int maxOccurrence = 3, TimeSpan? maxMilestoneDelay = null,
        IReadOnlyList<FaultKind>? logKinds = null, int maxLogFaults = 2)
    {
        if (maxFaults < 0) throw new ArgumentOutOfRangeException(nameof(maxFaults), maxFaults, "maxFaults must be >= 0");
        var w = window ?? TimeSpan.FromSeconds(400);
        if (w < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), w, "window must be >= 0");
        var min = minDuration ?? TimeSpan.FromSeconds(1);
        var max = maxDuration ?? TimeSpan.FromSeconds(20);
        if (min < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(minDuration), min, "minDuration must be >= 1 s");
        if (max < min) throw new ArgumentException($"maxDuration ({max}) is below minDuration ({min})", nameof(maxDuration));
        var k = kinds ?? ServerFaultKinds;
        if (k.Count == 0) throw new ArgumentException("kinds must name at least one fault kind", nameof(kinds));
        foreach (var kind in k.Where(kind => !ServerFaultKinds.Contains(kind)))
            throw new ArgumentException($"kinds: {kind} is not a generated server fault; expected some of {string.Join(", ", ServerFaultKinds)}", nameof(kinds));
        (MaxFaults, Window, MinDuration, MaxDuration, Kinds) = (maxFaults, w, min, max, k.Distinct().ToArray());

        var m = milestones ?? [];
        foreach (var kind in m.Where(kind => !MilestoneCase.GeneratedKinds.Contains(kind)))
            throw new ArgumentException($"milestones: {kind} is not a generated milestone; expected some of {string.Join(", ", MilestoneCase.GeneratedKinds)}", nameof(milestones));
        if (maxOccurrence < 1) throw new ArgumentOutOfRangeException(nameof(maxOccurrence), maxOccurrence, "maxOccurrence must be >= 1");
        var delay = maxMilestoneDelay ?? TimeSpan.FromSeconds(10);
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxMilestoneDelay), delay, "maxMilestoneDelay must be >= 0");
        var l = logKinds ?? [];
        foreach (var kind in l.Where(kind => !LogFaultKinds.Contains(kind)))
            throw new ArgumentException($"logKinds: {kind} is not a generated log fault; expected some of {string.Join(", ", LogFaultKinds)}", nameof(logKinds));
        if (maxLogFaults < 0) throw new ArgumentOutOfRangeException(nameof(maxLogFaults), maxLogFaults, "maxLogFaults must be >= 0");
        (Milestones, MaxOccurrence, MaxMilestoneDelay, LogKinds, MaxLogFaults) = (m.Distinct().ToArray(), maxOccurrence, delay, l.Distinct().ToArray(), maxLogFaults);
    }

    /// <summary>Milestones a fault may be triggered by; empty: time triggers only.</summary>
    public IReadOnlyList<MilestoneKind> Milestones { get; }

    /// <summary>The latest occurrence a milestone trigger names.</summary>
    public int MaxOccurrence { get; }

    /// <summary>The longest delay after a milestone.</summary>
    public TimeSpan MaxMilestoneDelay { get; }

    /// <summary>Log fault kinds to draw from; empty: no log faults.</summary>
    public IReadOnlyList<FaultKind> LogKinds { get; }

    /// <summary>Most log faults in one schedule.</summary>
    public int MaxLogFaults { get; }

    /// <summary>Most faults in one schedule.</summary>
    public int MaxFaults { get; }

    /// <summary>Faults start within [0, Window].</summary>
    public TimeSpan Window { get; }

    /// <summary>Shortest pause, isolation or crash-to-restart.</summary>
    public TimeSpan MinDuration { get; }

    /// <summary>Longest pause, isolation or crash-to-restart.</summary>
    public TimeSpan MaxDuration { get; }

    /// <summary>The kinds to draw from.</summary>
    public IReadOnlyList<FaultKind> Kinds { get; }
}

/// <summary>The one range check every bounds type makes, so the messages read alike.</summary>
internal static class Bounds
{
    public static void Range(int min, int max, int lowest, int highest, string minName, string maxName)
    {
        if (min < lowest) throw new ArgumentOutOfRangeException(minName, min, $"{minName} must be >= {lowest}");
        if (max > highest) throw new ArgumentOutOfRangeException(maxName, max, $"{maxName} must be <= {highest}");
        if (max < min) throw new ArgumentException($"{maxName} ({max}) is below {minName} ({min})", maxName);
    }
}
