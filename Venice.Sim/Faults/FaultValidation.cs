using Venice.Core.Reporting;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim.Faults;

/// <summary>
/// Checks a fault against the built world before it is scheduled, so a fault that could never mean
/// anything (a server that does not exist, a partition out of range, a milestone the world cannot
/// reach) is an error at build time instead of a silently unfired fault.
/// </summary>
internal static class FaultValidation
{
    /// <exception cref="ArgumentException">Naming the offending parameter and the allowed range.</exception>
    public static void Validate(Fault fault, SimWorld world)
    {
        const string param = "fault";
        int servers = world.Servers.Count;
        // One store reads "its store is 'orders'", several "its stores are 'a', 'b'".
        string storeNames = world.Stores.Count == 1
            ? $"store is '{world.Stores[0].Name}'"
            : "stores are " + string.Join(", ", world.Stores.Select(x => $"'{x.Name}'"));
        void Fail(string what) => throw new ArgumentException($"fault {fault}: {what}", param);
        // A fault names its store; scenario files, which have one store, leave it empty.
        StoreRuntime? current = null;
        void CheckStore(string? name, string field)
        {
            current = world.FindStore(name);
            if (current is null) Fail($"{field} '{name}' is not a store of this world; its {storeNames}");
        }
        void CheckPartition(int? partition, string field)
        {
            var store = current ?? world.Stores[0];
            if (partition is { } p && (p < 0 || p >= store.Setup.Partitions))
                Fail($"{field} {p} is out of range; store '{store.Name}' has partitions 0..{store.Setup.Partitions - 1}");
        }

        bool serverFault = fault.Kind is FaultKind.Crash or FaultKind.Restart or FaultKind.Pause or FaultKind.Isolate or FaultKind.ExpireSession;
        bool logFault = fault.Kind is FaultKind.LoseRecord or FaultKind.CorruptRecord or FaultKind.DuplicateRecord;
        switch (fault.Server)
        {
            case null when serverFault: Fail("Server is required for a server fault"); break;
            case FixedServer { Server: var id } when id < 0 || id >= servers: Fail($"Server server-{id} does not exist; the world has servers 0..{servers - 1}"); break;
            case ServerInRole role:
                CheckStore(role.Store, "Server.Store");
                CheckPartition(role.Partition, "Server.Partition");
                if (role.Role == ReplicaRole.Any) Fail("Server role must be Leader or Follower");
                break;
        }
        if (logFault || fault.Kind == FaultKind.MoveLeader)
        {
            CheckStore(fault.Store, "Store");
            if (fault.Partition is null) Fail("Partition is required");
            CheckPartition(fault.Partition, "Partition");
            if (fault.Topic == TopicKind.RealTime && !(current ?? world.Stores[0]).Setup.Hybrid)
                Fail($"Topic RealTime: store '{(current ?? world.Stores[0]).Name}' is batch-only and has no real-time topic");
        }
        if (fault.SkipRecords < 0) Fail($"SkipRecords {fault.SkipRecords} is negative; it must be >= 0");
        if (fault.SkipRecords > 0 && fault.Kind is not (FaultKind.LoseRecord or FaultKind.CorruptRecord)) Fail($"SkipRecords applies to LoseRecord and CorruptRecord, not {fault.Kind}");
        if (fault.Kind == FaultKind.KillPush) CheckStore(fault.Store, "Store");
        bool needsDuration = fault.Kind is FaultKind.Pause or FaultKind.Isolate or FaultKind.DelayTransitions or FaultKind.ReorderTransitions;
        if (needsDuration && fault.Duration is null) Fail($"Duration is required for {fault.Kind}");
        if (fault.Duration is { } d && d < TimeSpan.Zero) Fail($"Duration {d} is negative; it must be >= 0");

        switch (fault.Trigger)
        {
            case AtTime { Time: var t } when t < TimeSpan.Zero: Fail($"Trigger time {t} is negative; it must be >= 0"); break;
            case AtMilestone onMilestone: ValidateMilestone(onMilestone, world, Fail, CheckStore, CheckPartition); break;
        }
    }

    private static void ValidateMilestone(AtMilestone when, SimWorld world, Action<string> fail,
        Action<string?, string> checkStore, Action<int?, string> checkPartition)
    {
        var m = when.Milestone;
        if (when.Delay < TimeSpan.Zero) fail($"Trigger delay {when.Delay} is negative; it must be >= 0");
        if (m.Store is not null) checkStore(m.Store, "Milestone.Store");
        var store = world.FindStore(m.Store) ?? world.Stores[0];
        checkPartition(m.Partition, "Milestone.Partition");
        if (m.Occurrence < 1) fail($"Milestone.Occurrence {m.Occurrence} must be >= 1");
        bool replicaMilestone = m.Kind is not (MilestoneKind.StartOfPushWritten or MilestoneKind.EndOfPushWritten or MilestoneKind.VersionStatusChanged);
        if (!replicaMilestone && m.Role != ReplicaRole.Any) fail($"Milestone.Role: {m.Kind} happens to no replica, so it has no role");
        if (!replicaMilestone && m.Partition is not null) fail($"Milestone.Partition: {m.Kind} is not per partition");
        bool anyHybrid = m.Store is null ? world.Stores.Any(x => x.Setup.Hybrid) : store.Setup.Hybrid;
        if (!anyHybrid && (m.Kind == MilestoneKind.TopicSwitchConsumed || m.Status == nameof(ExecutionStatus.TOPIC_SWITCH_RECEIVED)))
            fail($"Milestone {m.Kind}: store '{store.Name}' is batch-only, so no replica ever consumes TOPIC_SWITCH");
        if (m.TargetState is not null && m.Kind != MilestoneKind.TransitionDelivered) fail("Milestone.TargetState applies to TransitionDelivered only");
        if (m.Status is not null && m.Kind is not (MilestoneKind.StatusReported or MilestoneKind.VersionStatusChanged))
            fail("Milestone.Status applies to StatusReported and VersionStatusChanged only");
    }
}
