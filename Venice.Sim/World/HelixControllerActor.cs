using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;
using Venice.Core.Reporting;

namespace Venice.Sim.World;

/// <summary>
/// The Helix controller (FULL_AUTO rebalancing of Venice's resources), not Venice's own controller
/// (that is <see cref="VeniceControllerActor"/>). Each step it reads the live
/// instances and the participants' current states and:
/// <list type="bullet">
/// <item>keeps an ideal state per partition: R replicas on distinct live servers, balanced by load,
/// keeping the current assignment and replacing a replica on a dead server by a free live one;</item>
/// <item>restores the ideal placement when a server comes back, as Helix's FULL_AUTO rebalancer does:
/// the partition's preferred server gets its replica back (OFFLINE→STANDBY) while the replacement
/// keeps serving, and only once enough replicas are STANDBY or LEADER is the surplus replacement
/// dropped (STANDBY→OFFLINE→DROPPED), after leadership moved off it if it led;</item>
/// <item>sends the next transition toward that ideal state to each replica without an outstanding
/// message, with Helix's one-leader constraint: STANDBY→LEADER only when the partition has no LEADER in
/// its current states and no leader transition (promotion or demotion) outstanding;</item>
/// <item>writes the external view (EV) from the current states of live servers.</item>
/// </list>
/// The leader is kept while it is LEADER on a live server; otherwise it is the first STANDBY in
/// assignment order (an ERROR leader is disabled, so Helix re-elects). A planned move demotes the old
/// leader and promotes the new one only once the old one's current state is STANDBY.
/// </summary>
public sealed class HelixControllerActor : ISimActor
{
    /// <summary>Bound on messages sent in one step; the rest are sent by the next step.</summary>
    public const int MaxMessagesPerStep = 1024;

    /// <summary>Bound on the change-feed entries HasWork looks at; beyond it the controller just steps.</summary>
    public const int MaxChangesScanned = 4096;

    /// <summary>Metadata subtrees whose changes can change what the controller would do or check.</summary>
    private static readonly string[] WatchedPrefixes =
    [
        HelixPaths.LiveInstancesRoot + "/",
        HelixPaths.CurrentStatesRoot + "/",
        "/ev/",
        "/cv/",
    ];

    private readonly IMetadataStore metadata;
    private readonly HelixMessageBus bus;
    private readonly IWritePathObserver observer;
    private readonly IReplicaViewListener? viewChecker;
    private readonly SortedDictionary<string, HelixResource> resources = new(StringComparer.Ordinal);
    private long seenChange = -1;
    private long seenHandled = -1;
    private bool stepRequested;
    private readonly HelixClusterReader cluster;
    private readonly HelixAssignment assignment;
    private readonly HelixTransitionPlanner transitions;
    private readonly HelixExternalViewPublisher externalView;

    public HelixControllerActor(IMetadataStore metadata, HelixMessageBus bus, IClock clock,
        IWritePathObserver? observer = null, IReplicaViewListener? viewChecker = null)
    {
        this.metadata = metadata;
        this.bus = bus;
        this.observer = observer ?? NullWritePathObserver.Instance;
        this.viewChecker = viewChecker;
        // The controller's responsibilities, each its own type; this actor reads, decides the order, and steps.
        cluster = new HelixClusterReader(metadata, bus);
        assignment = new HelixAssignment(resources.Values, this.observer);
        transitions = new HelixTransitionPlanner(bus, clock, this.observer, assignment, new HelixLeaderElection(this.observer));
        externalView = new HelixExternalViewPublisher(metadata);
    }

    /// <summary>The actor's name in traces and notes.</summary>
    internal const string ActorName = "helix";

    public string Name => ActorName;

    /// <summary>True when something the controller reads changed since its last step, or it was asked to act.</summary>
    public bool HasWork => stepRequested || bus.HandledCount != seenHandled || WatchedMetadataChanged();

    public long? NextDeadlineMs => null;

    /// <summary>The world loop's ready set, told when the controller is asked to act from outside its own step.</summary>
    internal ActorReadiness? Readiness { get; init; }

    // Asked from outside (a new or dropped resource, a moved leader, perhaps between steps): the loop asks everyone again.
    private void RequestStep()
    {
        stepRequested = true;
        Readiness?.InvalidateAll();
    }

    /// <summary>Adds a Helix resource (a store-version); it is assigned at the next step.</summary>
    public void AddResource(StoreVersion version, int partitions, int replicationFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicationFactor);
        if (!resources.TryAdd(version.VersionTopic, new HelixResource(version, partitions, replicationFactor)))
        {
            throw new InvalidOperationException($"resource {version} already added");
        }
        RequestStep();
    }

    /// <summary>
    /// Deletes a Helix resource (Venice deleting a version): its ideal state is emptied, so every replica is
    /// taken LEADER→STANDBY→OFFLINE→DROPPED (ERROR→DROPPED) and none is placed again. Returns false when the
    /// resource is unknown or already being dropped.
    /// </summary>
    public bool DropResource(StoreVersion version)
    {
        if (!resources.TryGetValue(version.VersionTopic, out var resource) || resource.Dropping) return false;
        resource.Dropping = true;
        foreach (var plan in resource.Partitions)
        {
            plan.Assignment.Clear();
            plan.Preferred.Clear();
            plan.Move = null;
        }
        observer.Note(Name, "helix-drop-resource", version.ToString());
        RequestStep();
        return true;
    }

    /// <summary>
    /// Planned leader move: LEADER→STANDBY to the current leader and, only once its current state is
    /// STANDBY, STANDBY→LEADER to <paramref name="to"/> (one of the partition's replicas), or to another
    /// STANDBY replica when <paramref name="to"/> is null.
    /// </summary>
    public void MoveLeader(StoreVersion version, int partition, ServerId? to)
    {
        var plan = PlanOf(version, partition);
        if (to is { } target && !plan.Assignment.Contains(target))
        {
            throw new ArgumentException($"{target} holds no replica of {version}-{partition}", nameof(to));
        }
        var live = cluster.ReadLiveInstances();
        var states = cluster.ReadCurrentStates(version, live);
        ServerId? from = null;
        foreach (var (server, partitionStates) in states)
        {
            if (partitionStates.TryGetValue(partition, out var state) && state == HelixState.LEADER) from = server;
        }
        plan.Move = new LeaderMove(from, to);
        observer.Note(Name, "helix-move-leader", $"{version}-{partition} from {from?.ToString() ?? "none"} to {to?.ToString() ?? "any"}");
        RequestStep();
    }

    /// <summary>
    /// Whether Helix places a replica of the partition on the server: in its ideal state now, or among its
    /// preferred servers (which get their replica back when they return). False for a dropped resource.
    /// </summary>
    public bool IsPlaced(StoreVersion version, int partition, ServerId server)
    {
        if (!resources.TryGetValue(version.VersionTopic, out var resource) || partition < 0 || partition >= resource.Partitions.Length) return false;
        var plan = resource.Partitions[partition];
        return plan.Assignment.Contains(server) || plan.Preferred.Contains(server);
    }

    /// <summary>The ideal state's instances of a partition, in preference order.</summary>
    public IReadOnlyList<ServerId> AssignmentOf(StoreVersion version, int partition) => PlanOf(version, partition).Assignment.ToArray();

    /// <summary>The external view of a partition as it is in the metadata store.</summary>
    public IReadOnlyDictionary<ServerId, HelixState> ExternalViewOf(StoreVersion version, int partition) =>
        ExternalView.ReadPartition(metadata, version, partition).Replicas(partition);

    public bool Step()
    {
        // Read the markers first: a change made while this step runs makes the next one look again.
        seenChange = metadata.LastChangeSequence;
        seenHandled = bus.HandledCount;
        stepRequested = false;

        var live = cluster.ReadLiveInstances();
        var outstanding = cluster.OutstandingByPartition(live);
        assignment.ForgetDeadServers(live);
        assignment.RestorePreferredServers(live);
        assignment.FillAssignments(live);
        int budget = MaxMessagesPerStep;
        foreach (var resource in resources.Values)
        {
            var states = cluster.ReadCurrentStates(resource.Version, live);
            for (int partition = 0; partition < resource.Partitions.Length; partition++)
            {
                viewChecker?.CheckExternalView(metadata, resource.Version, partition);
                var partitionStates = new SortedDictionary<ServerId, HelixState>();
                foreach (var (server, byPartition) in states)
                {
                    if (byPartition.TryGetValue(partition, out var state)) partitionStates.Add(server, state);
                }
                outstanding.TryGetValue((resource.Version.VersionTopic, partition), out var pending);
                budget -= transitions.PlanTransitions(resource, partition, live, partitionStates,
                    pending ?? new SortedDictionary<ServerId, HelixTransitionMessage>(), budget);
                externalView.Publish(resource.Version, partition, partitionStates);
                viewChecker?.CheckExternalView(metadata, resource.Version, partition);
            }
        }
        if (budget <= 0) stepRequested = true;
        viewChecker?.CheckDroppedReplicas(metadata);
        return true;
    }

    // ---- reading the cluster ----------------------------------------------------------------------

    private bool WatchedMetadataChanged()
    {
        if (metadata.LastChangeSequence == seenChange) return false;
        var changes = metadata.ChangesSince(seenChange, MaxChangesScanned);
        // A full page or a gap (the feed dropped changes) may hide a watched change: look again.
        if (changes.Count == MaxChangesScanned || changes.Count == 0 || changes[0].Sequence != seenChange + 1) return true;
        foreach (var change in changes)
        {
            foreach (var prefix in WatchedPrefixes)
            {
                if (change.Path.StartsWith(prefix, StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }

    private PartitionPlan PlanOf(StoreVersion version, int partition)
    {
        if (!resources.TryGetValue(version.VersionTopic, out var resource))
        {
            throw new ArgumentException($"unknown resource {version}", nameof(version));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, resource.Partitions.Length);
        return resource.Partitions[partition];
    }
}
