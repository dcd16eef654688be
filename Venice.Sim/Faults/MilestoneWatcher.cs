using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim.Faults;

/// <summary>
/// Recognises the write-path milestones (<see cref="MilestoneKind"/>) in the observer events and the Helix
/// deliveries, and tells each watch whose milestone matched. A replica milestone's role is judged by the
/// external view at the moment it happens. Watches are kept in registration order, so the order in which
/// they are told (and so the order of the faults they schedule) is deterministic.
/// </summary>
internal sealed class MilestoneWatcher : WritePathObserverBase
{
    private readonly SimWorld world;
    private readonly List<Watch> watches = new();

    public MilestoneWatcher(SimWorld world)
    {
        this.world = world;
        world.HelixBus.OnDelivered = message =>
            Reached(MilestoneKind.TransitionDelivered, message.Version.Store, message.Replica, target: message.To);
    }

    /// <summary>A milestone being waited for; <paramref name="onReached"/> runs at its <see cref="Milestone.Occurrence"/>-th match.</summary>
    public sealed class Watch(Milestone milestone, Action<ServerId?> onReached)
    {
        public Milestone Milestone { get; } = milestone;

        /// <summary>Matches seen so far.</summary>
        public int Seen { get; set; }

        public bool Done => Seen >= Milestone.Occurrence;

        public Action<ServerId?> OnReached { get; } = onReached;
    }

    public Watch Add(Milestone milestone, Action<ServerId?> onReached)
    {
        var watch = new Watch(milestone, onReached);
        watches.Add(watch);
        return watch;
    }

    public override void ControlMessageConsumed(ReplicaId replica, ControlMessageType type, long vtOffset)
    {
        var kind = type switch
        {
            ControlMessageType.StartOfPush => MilestoneKind.StartOfPushConsumed,
            ControlMessageType.EndOfPush => MilestoneKind.EndOfPushConsumed,
            ControlMessageType.TopicSwitch => MilestoneKind.TopicSwitchConsumed,
            _ => (MilestoneKind?)null,
        };
        if (kind is { } k) Reached(k, replica.Version.Store, replica);
    }

    public override void PromotionProgressed(ReplicaId replica, long term, bool completed) =>
        Reached(completed ? MilestoneKind.PromotionCompleted : MilestoneKind.PromotionStarted, replica.Version.Store, replica);

    public override void CheckpointWritten(ReplicaId replica, long throughVtOffset, bool endOfPush) =>
        Reached(MilestoneKind.CheckpointWritten, replica.Version.Store, replica);

    public override void ReplicaUnsubscribed(ReplicaId replica, string reason)
    {
        // "drop" is the reason ingestion gives at its one DROP_PARTITION site; other unsubscribes are not drops.
        if (reason == "drop") Reached(MilestoneKind.ReplicaDropped, replica.Version.Store, replica);
    }

    public override void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset) =>
        Reached(MilestoneKind.StatusReported, replica.Version.Store, replica, status: status.ToString());

    public override void VersionStatusChanged(StoreVersion version, VersionStatus status) =>
        Reached(MilestoneKind.VersionStatusChanged, version.Store, replica: null, status: status.ToString());

    public override void Note(string actor, string kind, string detail)
    {
        // The push job's notes name its version first: "orders_v1 partitions=4".
        if (kind is not ("start-of-push" or "end-of-push")) return;
        foreach (var runtime in world.Versions)
        {
            var version = runtime.Version;
            if (!detail.StartsWith(version.VersionTopic + " ", StringComparison.Ordinal)) continue;
            Reached(kind == "start-of-push" ? MilestoneKind.StartOfPushWritten : MilestoneKind.EndOfPushWritten, version.Store, replica: null);
            return;
        }
    }

    private void Reached(MilestoneKind kind, string store, ReplicaId? replica, string? status = null, HelixState? target = null)
    {
        if (watches.Count == 0) return;
        // Copy: a watch's action may add watches (a fault scheduled from a milestone schedules nothing new today, but may).
        foreach (var watch in watches.ToArray())
        {
            var m = watch.Milestone;
            if (watch.Done || m.Kind != kind) continue;
            if (m.Store is { } s && s != store) continue;
            if (m.Partition is { } p && replica is { } r && r.Partition != p) continue;
            if (m.Status is { } st && st != status) continue;
            if (m.TargetState is { } ts && ts != target) continue;
            if (m.Role != ReplicaRole.Any && (replica is not { } rr || RoleOf(rr) != m.Role)) continue;
            watch.Seen++;
            if (watch.Done) watch.OnReached(replica?.Server);
        }
        watches.RemoveAll(w => w.Done);
    }

    /// <summary>The replica's role as Helix's external view has it now (Any when it is neither leader nor standby there).</summary>
    private ReplicaRole RoleOf(ReplicaId replica) =>
        world.Helix.ExternalViewOf(replica.Version, replica.Partition).TryGetValue(replica.Server, out var state)
            ? state switch
            {
                HelixState.LEADER => ReplicaRole.Leader,
                HelixState.STANDBY => ReplicaRole.Follower,
                _ => ReplicaRole.Any,
            }
            : ReplicaRole.Any;
}
