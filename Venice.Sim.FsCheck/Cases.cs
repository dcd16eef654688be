using System.Globalization;
using Venice.Core.Controller;
using Venice.Sim.Model;

namespace Venice.Sim.FsCheck;

/// <summary>A generated cluster: servers, and the partitions and replication factor of its store.</summary>
public sealed record ClusterShape(int Servers, int Partitions, int ReplicationFactor)
{
    /// <inheritdoc/>
    public override string ToString() => $"servers={Servers} partitions={Partitions} rf={ReplicationFactor}";
}

/// <summary>
/// A generated store's kind and settings: batch or hybrid, its push strategy (null: the world's default)
/// and Venice config overrides by their Venice names (docs/options.md).
/// </summary>
public sealed record StoreCase(StoreKind Kind, PushStrategy? PushStrategy, IReadOnlyList<KeyValuePair<string, string>> Config)
{
    /// <summary>The store definition named <paramref name="name"/> in <paramref name="cluster"/>'s shape.</summary>
    public StoreDefinition ToDefinition(string name, ClusterShape cluster) =>
        new(name) { Kind = Kind, Partitions = cluster.Partitions, ReplicationFactor = cluster.ReplicationFactor, PushStrategy = PushStrategy };

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()}{(PushStrategy is { } s ? " " + s : "")}{(Config.Count == 0 ? "" : " {" + string.Join(", ", Config.Select(c => $"{c.Key}={c.Value}")) + "}")}";
}

/// <summary>A generated workload: how many records, over how many keys, with values of how many bytes.</summary>
public sealed record WorkloadCase(int Records, int Keys, int ValueBytes)
{
    /// <summary>The workload as a batch push.</summary>
    public Workload ToPush() => Workload.Puts(Records, Keys, ValueBytes);

    /// <summary>The workload as real-time writes at <paramref name="ratePerSecond"/>.</summary>
    public Workload ToRealTime(int ratePerSecond) => Workload.RealTime(Records, Keys, ValueBytes, ratePerSecond);

    /// <inheritdoc/>
    public override string ToString() => $"{Records} records over {Keys} keys, {ValueBytes} B";
}

/// <summary>
/// A generated milestone trigger: the <paramref name="Occurrence"/>-th time <paramref name="Kind"/> happens
/// (for a partition-scoped kind, at <paramref name="Partition"/>), plus <paramref name="Delay"/>.
/// </summary>
public sealed record MilestoneCase(MilestoneKind Kind, int Partition, int Occurrence, TimeSpan Delay)
{
    /// <summary>The milestones a generated trigger may name, earliest in the write path first (the order shrinking follows).</summary>
    public static IReadOnlyList<MilestoneKind> GeneratedKinds { get; } =
    [
        MilestoneKind.StartOfPushConsumed, MilestoneKind.CheckpointWritten, MilestoneKind.EndOfPushConsumed,
        MilestoneKind.TopicSwitchConsumed, MilestoneKind.PromotionStarted, MilestoneKind.PromotionCompleted,
    ];

    /// <summary>The milestone in <paramref name="store"/>.</summary>
    public Milestone ToMilestone(string store) => (Kind switch
    {
        MilestoneKind.StartOfPushConsumed => Milestone.StartOfPushConsumed(store, Partition),
        MilestoneKind.CheckpointWritten => Milestone.CheckpointWritten(store, Partition),
        MilestoneKind.EndOfPushConsumed => Milestone.EndOfPushConsumed(store, Partition),
        MilestoneKind.TopicSwitchConsumed => Milestone.TopicSwitchConsumed(store, Partition),
        MilestoneKind.PromotionStarted => Milestone.PromotionStarted(store, Partition),
        MilestoneKind.PromotionCompleted => Milestone.PromotionCompleted(store, Partition),
        _ => throw new InvalidOperationException($"{Kind} is not a generated milestone"),
    }).Nth(Occurrence);

    /// <inheritdoc/>
    public override string ToString() =>
        (Delay == TimeSpan.Zero ? "when " : $"{(long)Delay.TotalMilliseconds} ms after ") + $"{Kind} p{Partition}" + (Occurrence == 1 ? "" : $" #{Occurrence}");
}

/// <summary>One generated server fault: what happens to which server, when, and for how long.</summary>
/// <param name="At">The sim time it fires at, unless <see cref="When"/> names a milestone.</param>
/// <param name="Duration">A pause's or isolation's length, or how long a crashed server stays down; unused for a session expiry.</param>
public sealed record FaultCase(FaultKind Kind, int Server, TimeSpan At, TimeSpan Duration)
{
    /// <summary>A milestone to fire at instead of <see cref="At"/>; null for a time trigger.</summary>
    public MilestoneCase? When { get; init; }

    /// <summary>The fault as the builder takes it; a crash comes back (restarts) after its duration.</summary>
    /// <exception cref="InvalidOperationException">The fault has a milestone trigger: use <see cref="ToFaults(string)"/>, which names the store.</exception>
    public IEnumerable<Fault> ToFaults() =>
        When is null ? ToFaults(store: "") : throw new InvalidOperationException("a milestone-triggered fault needs its store: call ToFaults(store)");

    /// <summary>The fault as the builder takes it, a milestone trigger aimed at <paramref name="store"/>.</summary>
    public IEnumerable<Fault> ToFaults(string store)
    {
        Fault first = Kind switch
        {
            FaultKind.Crash => Fault.Crash(Server),
            FaultKind.ExpireSession => Fault.ExpireSession(Server),
            FaultKind.Pause => Fault.Pause(Server, Duration),
            FaultKind.Isolate => Fault.Isolate(Server, Duration),
            _ => throw new InvalidOperationException($"{Kind} is not a generated server fault"),
        };
        if (When is { } m)
        {
            Milestone milestone = m.ToMilestone(store);
            return Kind == FaultKind.Crash
                ? [first.When(milestone, m.Delay), Fault.Restart(Server).When(milestone, m.Delay + Duration)]
                : [first.When(milestone, m.Delay)];
        }
        return Kind == FaultKind.Crash ? [first.At(At), Fault.Restart(Server).At(At + Duration)] : [first.At(At)];
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind} server-{Server} {(When is { } m ? m.ToString() : $"at {Ms(At)} ms")}" + (Kind == FaultKind.ExpireSession ? "" : $" for {Ms(Duration)} ms");

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}

/// <summary>One generated log fault: the next record produced to a topic partition is lost, corrupted or duplicated, from a time or a milestone on.</summary>
public sealed record LogFaultCase(FaultKind Kind, TopicKind Topic, int Partition, TimeSpan At)
{
    /// <summary>A milestone to fire at instead of <see cref="At"/>; null for a time trigger.</summary>
    public MilestoneCase? When { get; init; }

    /// <summary>The fault as the builder takes it, in <paramref name="store"/>.</summary>
    public Fault ToFault(string store)
    {
        Fault fault = Kind switch
        {
            FaultKind.LoseRecord => Fault.LoseRecord(store, Partition, Topic),
            FaultKind.CorruptRecord => Fault.CorruptRecord(store, Partition, Topic),
            FaultKind.DuplicateRecord => Fault.DuplicateRecord(store, Partition, Topic),
            _ => throw new InvalidOperationException($"{Kind} is not a generated log fault"),
        };
        return When is { } m ? fault.When(m.ToMilestone(store), m.Delay) : fault.At(At);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind} {Topic.ToString().ToLowerInvariant()} p{Partition} {(When is { } m ? m.ToString() : $"at {((long)At.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms")}";
}
