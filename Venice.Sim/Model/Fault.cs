using Venice.Core.Helix;
using Venice.Core.Reporting;

namespace Venice.Sim.Model;

/// <summary>The kinds of fault a world can suffer (the fault model: docs/faults.md).</summary>
public enum FaultKind
{
    /// <summary>The server's process dies: unsynced storage writes are lost; its metadata session times out unless it restarts first.</summary>
    Crash,

    /// <summary>A crashed server starts again with a new metadata session.</summary>
    Restart,

    /// <summary>The server stops stepping for a while (a GC pause), then resumes with stale beliefs.</summary>
    Pause,

    /// <summary>The server keeps running but reaches neither the log nor metadata nor its Helix messages for a while.</summary>
    Isolate,

    /// <summary>Ends every fault in effect: restarts crashed servers, ends pauses and isolations, releases held messages.</summary>
    Heal,

    /// <summary>The server's metadata session expires: its ephemeral nodes vanish and Helix reassigns its replicas.</summary>
    ExpireSession,

    /// <summary>Helix transition messages are held back for a while, then delivered.</summary>
    DelayTransitions,

    /// <summary>Helix transition messages due for delivery are delivered in reverse order for a while.</summary>
    ReorderTransitions,

    /// <summary>The next record produced to a topic partition is lost (its offset stays; readers skip it).</summary>
    LoseRecord,

    /// <summary>One bit of the next record produced to a topic partition is flipped.</summary>
    CorruptRecord,

    /// <summary>Produces to a topic partition report failure but land, so the producer's retries duplicate records.</summary>
    DuplicateRecord,

    /// <summary>Helix moves a partition's leadership to another replica.</summary>
    MoveLeader,

    /// <summary>The store's push in flight is killed (Venice's kill push job): its version is deleted, the current version keeps serving.</summary>
    KillPush,
}

/// <summary>Which topic of a store a log fault strikes.</summary>
public enum TopicKind
{
    /// <summary>The store-version's version topic (VT).</summary>
    Version,

    /// <summary>The store's real-time topic (RT).</summary>
    RealTime,
}

/// <summary>The role of a replica, as Helix's external view gives it.</summary>
public enum ReplicaRole
{
    /// <summary>Any replica.</summary>
    Any,

    /// <summary>The partition's leader.</summary>
    Leader,

    /// <summary>A follower (STANDBY).</summary>
    Follower,
}

/// <summary>Which server a server fault strikes: a fixed one, or one chosen by its role when the fault fires.</summary>
public abstract record ServerTarget
{
    private protected ServerTarget() { }

    /// <summary>Server <paramref name="server"/> (0-based).</summary>
    public static ServerTarget Id(int server) => new FixedServer(server);

    /// <summary>Whichever server leads <paramref name="partition"/> of the store's current push when the fault fires.</summary>
    public static ServerTarget LeaderOf(string store, int partition) => new ServerInRole(store, partition, ReplicaRole.Leader);

    /// <summary>The first follower (lowest id) of <paramref name="partition"/> when the fault fires.</summary>
    public static ServerTarget FollowerOf(string store, int partition) => new ServerInRole(store, partition, ReplicaRole.Follower);

    /// <summary>Server n.</summary>
    public static implicit operator ServerTarget(int server) => Id(server);
}

/// <summary>A fixed server.</summary>
public sealed record FixedServer(int Server) : ServerTarget
{
    /// <inheritdoc />
    public override string ToString() => $"server-{Server}";
}

/// <summary>The server holding a role for a partition, resolved when the fault fires.</summary>
public sealed record ServerInRole(string Store, int Partition, ReplicaRole Role) : ServerTarget
{
    /// <inheritdoc />
    public override string ToString() => $"{Role.ToString().ToLowerInvariant()} of {Store} partition {Partition}";
}

/// <summary>When a fault fires: at a sim time, or when a milestone of the write path is reached.</summary>
public abstract record FaultTrigger
{
    private protected FaultTrigger() { }
}

/// <summary>At a fixed sim time.</summary>
public sealed record AtTime(TimeSpan Time) : FaultTrigger
{
    /// <inheritdoc />
    public override string ToString() => $"at {(long)Time.TotalMilliseconds} ms";
}

/// <summary>When <see cref="Milestone"/> is reached (its n-th occurrence), plus <see cref="Delay"/>.</summary>
public sealed record AtMilestone(Milestone Milestone, TimeSpan Delay) : FaultTrigger
{
    /// <inheritdoc />
    public override string ToString() => Delay == TimeSpan.Zero ? $"when {Milestone}" : $"{(long)Delay.TotalMilliseconds} ms after {Milestone}";
}

/// <summary>
/// One fault as data: what (<see cref="Kind"/>), where (<see cref="Server"/> for server faults;
/// <see cref="Store"/>, <see cref="Topic"/>, <see cref="Partition"/> for log and leadership faults), for how
/// long (<see cref="Duration"/>) and when (<see cref="Trigger"/>). Build with the factories, then place with
/// <see cref="At"/> or <see cref="When"/>: <c>Fault.Crash(1).When(Milestone.EndOfPushConsumed("orders", 0))</c>.
/// </summary>
public sealed record Fault
{
    private Fault(FaultKind kind) => Kind = kind;

    /// <summary>What happens.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>Server faults: the server struck.</summary>
    public ServerTarget? Server { get; init; }

    /// <summary>Pause, isolate, delay/reorder transitions, duplicate-record windows: how long the fault lasts.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Log and leadership faults: the store.</summary>
    public string? Store { get; init; }

    /// <summary>Log faults: which topic.</summary>
    public TopicKind Topic { get; init; } = TopicKind.Version;

    /// <summary>Log and leadership faults: the partition.</summary>
    public int? Partition { get; init; }

    /// <summary>When it fires; at time zero unless placed.</summary>
    public FaultTrigger Trigger { get; init; } = new AtTime(TimeSpan.Zero);

    /// <summary>
    /// Lost and corrupted records: how many records produced to the partition after the fault fires are let
    /// through before the one it strikes (0: the next record). With a milestone trigger this aims a loss at
    /// the data of a push rather than its writer's START_OF_SEGMENT.
    /// </summary>
    public int SkipRecords { get; init; }

    /// <summary>The same fault, firing at sim time <paramref name="time"/>.</summary>
    public Fault At(TimeSpan time) => this with { Trigger = new AtTime(time) };

    /// <summary>The same fault, firing when <paramref name="milestone"/> is reached (plus <paramref name="delay"/>).</summary>
    public Fault When(Milestone milestone, TimeSpan? delay = null) => this with { Trigger = new AtMilestone(milestone, delay ?? TimeSpan.Zero) };

    /// <summary>Crash a server.</summary>
    public static Fault Crash(ServerTarget server) => new(FaultKind.Crash) { Server = server };

    /// <summary>Restart a crashed server.</summary>
    public static Fault Restart(ServerTarget server) => new(FaultKind.Restart) { Server = server };

    /// <summary>Pause a server for <paramref name="duration"/>.</summary>
    public static Fault Pause(ServerTarget server, TimeSpan duration) => new(FaultKind.Pause) { Server = server, Duration = duration };

    /// <summary>Cut a server off from log, metadata and Helix messages for <paramref name="duration"/>.</summary>
    public static Fault Isolate(ServerTarget server, TimeSpan duration) => new(FaultKind.Isolate) { Server = server, Duration = duration };

    /// <summary>Heal every fault in effect.</summary>
    public static Fault Heal() => new(FaultKind.Heal);

    /// <summary>Expire a server's metadata session.</summary>
    public static Fault ExpireSession(ServerTarget server) => new(FaultKind.ExpireSession) { Server = server };

    /// <summary>Hold Helix transition messages back for <paramref name="duration"/>.</summary>
    public static Fault DelayTransitions(TimeSpan duration) => new(FaultKind.DelayTransitions) { Duration = duration };

    /// <summary>Deliver due Helix transition messages in reverse order for <paramref name="duration"/>.</summary>
    public static Fault ReorderTransitions(TimeSpan duration) => new(FaultKind.ReorderTransitions) { Duration = duration };

    /// <summary>Lose the next record produced to the store's topic partition (after <paramref name="skipRecords"/> let through).</summary>
    public static Fault LoseRecord(string store, int partition, TopicKind topic = TopicKind.Version, int skipRecords = 0) =>
        new(FaultKind.LoseRecord) { Store = store, Partition = partition, Topic = topic, SkipRecords = skipRecords };

    /// <summary>Flip one bit of the next record produced to the store's topic partition (after <paramref name="skipRecords"/> let through).</summary>
    public static Fault CorruptRecord(string store, int partition, TopicKind topic = TopicKind.Version, int skipRecords = 0) =>
        new(FaultKind.CorruptRecord) { Store = store, Partition = partition, Topic = topic, SkipRecords = skipRecords };

    /// <summary>
    /// Make produces to the store's topic partition fail but land, so retries duplicate them: the next few
    /// produces, or, with <paramref name="duration"/>, the first attempt of every record for that long.
    /// </summary>
    public static Fault DuplicateRecord(string store, int partition, TopicKind topic = TopicKind.Version, TimeSpan? duration = null) =>
        new(FaultKind.DuplicateRecord) { Store = store, Partition = partition, Topic = topic, Duration = duration };

    /// <summary>Move the leadership of the store's partition to another replica.</summary>
    public static Fault MoveLeader(string store, int partition) => new(FaultKind.MoveLeader) { Store = store, Partition = partition };

    /// <summary>Kills <paramref name="store"/>'s push in flight (its newest version still pushing); nothing happens when none is.</summary>
    public static Fault KillPush(string store) => new(FaultKind.KillPush) { Store = store };

    /// <inheritdoc />
    public override string ToString()
    {
        string where = Server is not null ? $" {Server}" : Store is not null ? $" {Store} {Topic.ToString().ToLowerInvariant()} partition {Partition}" : "";
        string duration = Duration is { } d ? $" for {(long)d.TotalMilliseconds} ms" : "";
        string skip = SkipRecords > 0 ? $" skipping {SkipRecords}" : "";
        return $"{Kind}{where}{duration}{skip} {Trigger}";
    }
}

/// <summary>The milestones of the write path at which faults can be aimed (where Venice's bugs live).</summary>
public enum MilestoneKind
{
    /// <summary>The push job wrote START_OF_PUSH.</summary>
    StartOfPushWritten,

    /// <summary>The push job wrote END_OF_PUSH.</summary>
    EndOfPushWritten,

    /// <summary>A replica consumed START_OF_PUSH.</summary>
    StartOfPushConsumed,

    /// <summary>A replica consumed END_OF_PUSH.</summary>
    EndOfPushConsumed,

    /// <summary>A hybrid replica consumed TOPIC_SWITCH.</summary>
    TopicSwitchConsumed,

    /// <summary>A replica began its promotion to leader (STANDBY to LEADER accepted; the promotion gate starts).</summary>
    PromotionStarted,

    /// <summary>A replica finished its promotion and leads.</summary>
    PromotionCompleted,

    /// <summary>A replica wrote an offset checkpoint.</summary>
    CheckpointWritten,

    /// <summary>A replica was dropped from a server.</summary>
    ReplicaDropped,

    /// <summary>A Helix transition message was delivered to a server.</summary>
    TransitionDelivered,

    /// <summary>A replica reported an ingestion status.</summary>
    StatusReported,

    /// <summary>A version's status changed (e.g. to ONLINE).</summary>
    VersionStatusChanged,
}

/// <summary>
/// A point in the write path: a kind, optionally narrowed to a store, a partition, a replica role, a
/// status or a Helix target state; <see cref="Occurrence"/> picks the n-th match (1 = the first).
/// </summary>
public sealed record Milestone
{
    private Milestone(MilestoneKind kind) => Kind = kind;

    /// <summary>What happens.</summary>
    public MilestoneKind Kind { get; init; }

    /// <summary>Only in this store; any when null.</summary>
    public string? Store { get; init; }

    /// <summary>Only for this partition; any when null.</summary>
    public int? Partition { get; init; }

    /// <summary>Only at a replica in this role (as Helix's external view has it when the milestone happens).</summary>
    public ReplicaRole Role { get; init; } = ReplicaRole.Any;

    /// <summary>StatusReported: only this status; VersionStatusChanged: only this version status.</summary>
    public string? Status { get; init; }

    /// <summary>TransitionDelivered: only a transition to this state.</summary>
    public HelixState? TargetState { get; init; }

    /// <summary>Which matching occurrence fires (1-based).</summary>
    public int Occurrence { get; init; } = 1;

    /// <summary>The n-th match instead of the first.</summary>
    public Milestone Nth(int occurrence) =>
        occurrence >= 1 ? this with { Occurrence = occurrence } : throw new ArgumentOutOfRangeException(nameof(occurrence), occurrence, "must be >= 1");

    /// <summary>The push job wrote START_OF_PUSH for the store.</summary>
    public static Milestone StartOfPushWritten(string store) => new(MilestoneKind.StartOfPushWritten) { Store = store };

    /// <summary>The push job wrote END_OF_PUSH for the store.</summary>
    public static Milestone EndOfPushWritten(string store) => new(MilestoneKind.EndOfPushWritten) { Store = store };

    /// <summary>A replica of the partition in <paramref name="role"/> consumed START_OF_PUSH.</summary>
    public static Milestone StartOfPushConsumed(string store, int partition, ReplicaRole role = ReplicaRole.Any) =>
        new(MilestoneKind.StartOfPushConsumed) { Store = store, Partition = partition, Role = role };

    /// <summary>A replica of the partition in <paramref name="role"/> consumed END_OF_PUSH.</summary>
    public static Milestone EndOfPushConsumed(string store, int partition, ReplicaRole role = ReplicaRole.Leader) =>
        new(MilestoneKind.EndOfPushConsumed) { Store = store, Partition = partition, Role = role };

    /// <summary>A replica of the partition in <paramref name="role"/> consumed TOPIC_SWITCH.</summary>
    public static Milestone TopicSwitchConsumed(string store, int partition, ReplicaRole role = ReplicaRole.Leader) =>
        new(MilestoneKind.TopicSwitchConsumed) { Store = store, Partition = partition, Role = role };

    /// <summary>A replica of the partition began its promotion to leader.</summary>
    public static Milestone PromotionStarted(string store, int partition) => new(MilestoneKind.PromotionStarted) { Store = store, Partition = partition };

    /// <summary>A replica of the partition finished its promotion.</summary>
    public static Milestone PromotionCompleted(string store, int partition) => new(MilestoneKind.PromotionCompleted) { Store = store, Partition = partition };

    /// <summary>A replica of the partition wrote an offset checkpoint.</summary>
    public static Milestone CheckpointWritten(string store, int partition, ReplicaRole role = ReplicaRole.Any) =>
        new(MilestoneKind.CheckpointWritten) { Store = store, Partition = partition, Role = role };

    /// <summary>A replica of the store was dropped.</summary>
    public static Milestone ReplicaDropped(string store, int? partition = null) => new(MilestoneKind.ReplicaDropped) { Store = store, Partition = partition };

    /// <summary>A Helix transition to <paramref name="target"/> was delivered for the store (and partition).</summary>
    public static Milestone TransitionDelivered(string store, HelixState target, int? partition = null) =>
        new(MilestoneKind.TransitionDelivered) { Store = store, TargetState = target, Partition = partition };

    /// <summary>A replica of the store reported <paramref name="status"/>.</summary>
    public static Milestone StatusReported(string store, ExecutionStatus status, int? partition = null) =>
        new(MilestoneKind.StatusReported) { Store = store, Status = status.ToString(), Partition = partition };

    /// <summary>The store's version changed to <paramref name="status"/>.</summary>
    public static Milestone VersionStatusChanged(string store, VersionStatus status) =>
        new(MilestoneKind.VersionStatusChanged) { Store = store, Status = status.ToString() };

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string> { Kind.ToString() };
        if (Store is not null) parts.Add(Store);
        if (Partition is { } p) parts.Add($"partition {p}");
        if (Role != ReplicaRole.Any) parts.Add(Role.ToString().ToLowerInvariant());
        if (Status is not null) parts.Add(Status);
        if (TargetState is { } s) parts.Add($"to {s}");
        if (Occurrence != 1) parts.Add($"#{Occurrence}");
        return string.Join(" ", parts);
    }
}
