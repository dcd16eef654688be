using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Invariants;

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
    private readonly IClock clock;
    private readonly IWritePathObserver observer;
    private readonly ViewConsistencyChecker? viewChecker;
    private readonly SortedDictionary<string, Resource> resources = new(StringComparer.Ordinal);
    private long seenChange = -1;
    private long seenHandled = -1;
    private bool stepRequested;
    private long nextMessageId = 1;
    private long lastTerm;

    public HelixControllerActor(IMetadataStore metadata, HelixMessageBus bus, IClock clock,
        IWritePathObserver? observer = null, ViewConsistencyChecker? viewChecker = null)
    {
        this.metadata = metadata;
        this.bus = bus;
        this.clock = clock;
        this.observer = observer ?? NullWritePathObserver.Instance;
        this.viewChecker = viewChecker;
    }

    private sealed class Resource(StoreVersion version, int partitions, int replicationFactor)
    {
        public StoreVersion Version { get; } = version;
        public int ReplicationFactor { get; } = replicationFactor;
        public PartitionPlan[] Partitions { get; } = Enumerable.Range(0, partitions).Select(_ => new PartitionPlan()).ToArray();
    }

    private sealed class PartitionPlan
    {
        /// <summary>The ideal state's instances, in preference order: the earlier STANDBY becomes leader.</summary>
        public List<ServerId> Assignment { get; } = new();

        /// <summary>
        /// The ideal placement: the first R servers the partition was ever placed on (Helix computes it
        /// over all instances, live or not). A server in <see cref="Assignment"/> that is not here is a
        /// replacement, kept only while a preferred server is missing or not yet serving.
        /// </summary>
        public List<ServerId> Preferred { get; } = new();

        public LeaderMove? Move { get; set; }

        /// <summary>Whether a leader was ever promoted; the first election waits for the preferred replica.</summary>
        public bool HadLeader { get; set; }
    }

    /// <summary>A planned leader move: demote <see cref="From"/>, then promote <see cref="To"/> (any other STANDBY if null).</summary>
    private sealed record LeaderMove(ServerId? From, ServerId? To);

    public string Name => "helix";

    /// <summary>True when something the controller reads changed since its last step, or it was asked to act.</summary>
    public bool HasWork => stepRequested || bus.HandledCount != seenHandled || WatchedMetadataChanged();

    public long? NextDeadlineMs => null;

    /// <summary>Adds a Helix resource (a store-version); it is assigned at the next step.</summary>
    public void AddResource(StoreVersion version, int partitions, int replicationFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicationFactor);
        if (!resources.TryAdd(version.VersionTopic, new Resource(version, partitions, replicationFactor)))
        {
            throw new InvalidOperationException($"resource {version} already added");
        }
        stepRequested = true;
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
        var live = ReadLiveInstances();
        var states = ReadCurrentStates(version, live);
        ServerId? from = null;
        foreach (var (server, partitionStates) in states)
        {
            if (partitionStates.TryGetValue(partition, out var state) && state == HelixState.LEADER) from = server;
        }
        plan.Move = new LeaderMove(from, to);
        observer.Note(Name, "helix-move-leader", $"{version}-{partition} from {from?.ToString() ?? "none"} to {to?.ToString() ?? "any"}");
        stepRequested = true;
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

        var live = ReadLiveInstances();
        var outstanding = OutstandingByPartition(live);
        ForgetDeadServers(live);
        RestorePreferredServers(live);
        FillAssignments(live);
        int budget = MaxMessagesPerStep;
        foreach (var resource in resources.Values)
        {
            var states = ReadCurrentStates(resource.Version, live);
            for (int partition = 0; partition < resource.Partitions.Length; partition++)
            {
                viewChecker?.CheckExternalView(metadata, resource.Version, partition);
                var partitionStates = new SortedDictionary<ServerId, HelixState>();
                foreach (var (server, byPartition) in states)
                {
                    if (byPartition.TryGetValue(partition, out var state)) partitionStates.Add(server, state);
                }
                outstanding.TryGetValue((resource.Version.VersionTopic, partition), out var pending);
                budget -= PlanTransitions(resource, partition, live, partitionStates,
                    pending ?? new SortedDictionary<ServerId, HelixTransitionMessage>(), budget);
                WriteExternalView(resource.Version, partition, partitionStates);
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

    /// <summary>Live servers with the session their live-instance node belongs to.</summary>
    private SortedDictionary<ServerId, SessionId> ReadLiveInstances()
    {
        var live = new SortedDictionary<ServerId, SessionId>();
        foreach (var child in metadata.GetChildren(HelixPaths.LiveInstancesRoot))
        {
            if (PushMonitor.TryParseServer(child, out var server) &&
                metadata.TryGet(MetadataPaths.LiveInstance(server), out var node) &&
                node.EphemeralOwner is { } session)
            {
                live[server] = session;
            }
        }
        return live;
    }

    /// <summary>Current states of one resource on live servers, only from nodes of the server's live session.</summary>
    private SortedDictionary<ServerId, SortedDictionary<int, HelixState>> ReadCurrentStates(
        StoreVersion version, SortedDictionary<ServerId, SessionId> live)
    {
        var states = new SortedDictionary<ServerId, SortedDictionary<int, HelixState>>();
        foreach (var (server, session) in live)
        {
            var byPartition = new SortedDictionary<int, HelixState>();
            string root = HelixPaths.CurrentStatesOf(server, version);
            foreach (var child in metadata.GetChildren(root))
            {
                if (int.TryParse(child, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int partition) &&
                    metadata.TryGet($"{root}/{child}", out var node) &&
                    node.EphemeralOwner == session &&
                    Enum.TryParse<HelixState>(node.Data, out var state))
                {
                    byPartition[partition] = state;
                }
            }
            states.Add(server, byPartition);
        }
        return states;
    }

    /// <summary>Outstanding messages per (resource, partition) and target, counting only those to a live session.</summary>
    private SortedDictionary<(string, int), SortedDictionary<ServerId, HelixTransitionMessage>> OutstandingByPartition(
        SortedDictionary<ServerId, SessionId> live)
    {
        var byPartition = new SortedDictionary<(string, int), SortedDictionary<ServerId, HelixTransitionMessage>>();
        foreach (var message in bus.Outstanding)
        {
            if (!live.TryGetValue(message.Target, out var session) || session != message.TargetSession) continue;
            var key = (message.Version.VersionTopic, message.Partition);
            if (!byPartition.TryGetValue(key, out var byServer))
            {
                byServer = new SortedDictionary<ServerId, HelixTransitionMessage>();
                byPartition.Add(key, byServer);
            }
            byServer.TryAdd(message.Target, message);
        }
        return byPartition;
    }

    // ---- the ideal state --------------------------------------------------------------------------

    private void ForgetDeadServers(SortedDictionary<ServerId, SessionId> live)
    {
        foreach (var resource in resources.Values)
        {
            for (int partition = 0; partition < resource.Partitions.Length; partition++)
            {
                var plan = resource.Partitions[partition];
                int removed = plan.Assignment.RemoveAll(server => !live.ContainsKey(server));
                if (removed > 0)
                {
                    observer.Note(Name, "helix-assignment", $"{resource.Version}-{partition} without dead servers: [{string.Join(",", plan.Assignment)}]");
                }
                if (plan.Move is { To: { } to } && !live.ContainsKey(to))
                {
                    observer.Note(Name, "helix-move-cancelled", $"{resource.Version}-{partition}: {to} is not live");
                    plan.Move = null;
                }
            }
        }
    }

    /// <summary>
    /// A preferred server that is live again but not in the assignment (it died, a replacement took its
    /// place, and it came back with a new session and no replicas) is put back, after the other
    /// preferred servers and before the replacements. The partition then has more than R instances
    /// until <see cref="DropSurplus"/> removes a replacement.
    /// </summary>
    private void RestorePreferredServers(SortedDictionary<ServerId, SessionId> live)
    {
        foreach (var resource in resources.Values)
        {
            for (int partition = 0; partition < resource.Partitions.Length; partition++)
            {
                var plan = resource.Partitions[partition];
                foreach (var server in plan.Preferred)
                {
                    if (!live.ContainsKey(server) || plan.Assignment.Contains(server)) continue;
                    int firstReplacement = plan.Assignment.FindIndex(s => !plan.Preferred.Contains(s));
                    plan.Assignment.Insert(firstReplacement < 0 ? plan.Assignment.Count : firstReplacement, server);
                    observer.Note(Name, "helix-assignment", $"{resource.Version}-{partition} restores preferred {server}: [{string.Join(",", plan.Assignment)}]");
                }
            }
        }
    }

    /// <summary>
    /// Tops every partition up to R replicas from the live servers it does not use, least loaded first,
    /// ties broken by distance from the partition number so a fresh cluster gets the usual round-robin.
    /// </summary>
    private void FillAssignments(SortedDictionary<ServerId, SessionId> live)
    {
        if (live.Count == 0) return;
        var load = new SortedDictionary<ServerId, int>();
        foreach (var server in live.Keys) load[server] = 0;
        foreach (var resource in resources.Values)
        {
            foreach (var plan in resource.Partitions)
            {
                foreach (var server in plan.Assignment) load[server]++;
            }
        }
        int span = live.Keys.Max().Value + 1;
        foreach (var resource in resources.Values)
        {
            for (int partition = 0; partition < resource.Partitions.Length; partition++)
            {
                var plan = resource.Partitions[partition];
                bool changed = false;
                while (plan.Assignment.Count < resource.ReplicationFactor)
                {
                    ServerId? best = null;
                    foreach (var server in live.Keys)
                    {
                        if (plan.Assignment.Contains(server)) continue;
                        if (best is not { } current || Better(server, current)) best = server;
                    }
                    if (best is not { } chosen) break;
                    plan.Assignment.Add(chosen);
                    if (plan.Preferred.Count < resource.ReplicationFactor && !plan.Preferred.Contains(chosen)) plan.Preferred.Add(chosen);
                    load[chosen]++;
                    changed = true;
                }
                if (changed)
                {
                    observer.Note(Name, "helix-assignment", $"{resource.Version}-{partition} on [{string.Join(",", plan.Assignment)}]");
                }

                bool Better(ServerId candidate, ServerId current)
                {
                    if (load[candidate] != load[current]) return load[candidate] < load[current];
                    int Distance(ServerId s) => ((s.Value - partition) % span + span) % span;
                    return Distance(candidate) < Distance(current);
                }
            }
        }
    }

    // ---- transitions -------------------------------------------------------------------------------

    /// <summary>Sends what the partition needs next; returns how many messages were sent.</summary>
    private int PlanTransitions(Resource resource, int partition, SortedDictionary<ServerId, SessionId> live,
        SortedDictionary<ServerId, HelixState> states, SortedDictionary<ServerId, HelixTransitionMessage> pending, int budget)
    {
        var version = resource.Version;
        var plan = resource.Partitions[partition];
        var leaders = states.Where(s => s.Value == HelixState.LEADER).Select(s => s.Key).ToArray();
        SettleMove(version, partition, plan, states, leaders);
        DropSurplus(resource, partition, states, pending);
        var move = plan.Move;

        var targets = new SortedDictionary<ServerId, HelixState>();
        foreach (var server in states.Keys) targets[server] = HelixState.DROPPED;
        foreach (var server in plan.Assignment) targets[server] = HelixState.STANDBY;

        bool movingAway(ServerId server) => move is { From: { } from } && from == server && move.To != server;
        ServerId? keep = plan.Assignment.Where(s => leaders.Contains(s) && !movingAway(s)).Select(s => (ServerId?)s).FirstOrDefault();
        bool leaderInFlight = pending.Values.Any(m => m.To == HelixState.LEADER || m.From == HelixState.LEADER);
        ServerId? promote = null;
        if (leaders.Length > 0) plan.HadLeader = true;
        if (keep is { } kept)
        {
            targets[kept] = HelixState.LEADER;
        }
        else if (leaders.Length == 0 && !leaderInFlight)
        {
            promote = ChooseLeader(plan, states, pending, movingAway);
            if (promote is { } chosen)
            {
                targets[chosen] = HelixState.LEADER;
                plan.HadLeader = true;
            }
        }

        int sent = 0;
        foreach (var (server, target) in targets)
        {
            if (sent >= budget) break;
            if (pending.ContainsKey(server)) continue; // one message per replica in flight, as Helix
            bool hasState = states.TryGetValue(server, out var current);
            if (!hasState) current = HelixState.OFFLINE;
            if (target == HelixState.DROPPED && !hasState) continue; // nothing there to drop
            if (current == HelixState.ERROR && target != HelixState.DROPPED) continue; // disabled until dropped
            if (HelixTransitions.NextStepToward(current, target) is not { } next) continue;
            Send(version, partition, server, live[server], current, next);
            sent++;
        }
        return sent;
    }

    /// <summary>
    /// The move's target if there is one; else, for a partition's first election, the preferred replica;
    /// else the first STANDBY in preference order with nothing in flight.
    /// </summary>
    private ServerId? ChooseLeader(PartitionPlan plan, SortedDictionary<ServerId, HelixState> states,
        SortedDictionary<ServerId, HelixTransitionMessage> pending, Func<ServerId, bool> movingAway)
    {
        bool ready(ServerId server) =>
            states.TryGetValue(server, out var state) && state == HelixState.STANDBY && !pending.ContainsKey(server);
        if (plan.Move is { To: { } to })
        {
            // A planned move waits for its target to be STANDBY rather than promote someone else.
            return ready(to) ? to : null;
        }
        if (!plan.HadLeader && plan.Assignment.Count > 0 &&
            !(states.TryGetValue(plan.Assignment[0], out var preferredState) && preferredState == HelixState.ERROR))
        {
            // The first election waits for the preferred replica, as Helix's best-possible state puts
            // the leader at the top of the preference list: this is what balances leaders.
            return ready(plan.Assignment[0]) ? plan.Assignment[0] : null;
        }
        foreach (var server in plan.Assignment)
        {
            if (ready(server) && !movingAway(server)) return server;
        }
        // The old leader is the only STANDBY: there is nowhere to move to, so it leads again.
        if (plan.Move is { From: { } from } && plan.Assignment.Contains(from) && ready(from))
        {
            plan.Move = null;
            return from;
        }
        return null;
    }

    /// <summary>
    /// Surplus rule (docs/helix.md): while a partition has more than R instances, one replacement (an
    /// instance not in <see cref="PartitionPlan.Preferred"/>) is removed from the assignment, which makes
    /// the controller take it STANDBY→OFFLINE→DROPPED. Only a replacement whose removal leaves at least R
    /// replicas STANDBY or LEADER qualifies, so the partition never drops below R serving replicas; a
    /// non-leader goes before the leader, and among those the one latest in preference order (the most
    /// recently placed). If the only one that qualifies is the LEADER, leadership is moved off it first
    /// (a planned move to the first STANDBY in preference order) and it is dropped once it is STANDBY.
    /// A replica with a leader transition in flight, or named by a planned move, waits.
    /// </summary>
    private void DropSurplus(Resource resource, int partition, SortedDictionary<ServerId, HelixState> states,
        SortedDictionary<ServerId, HelixTransitionMessage> pending)
    {
        var plan = resource.Partitions[partition];
        if (plan.Assignment.Count <= resource.ReplicationFactor) return;
        bool serving(ServerId server) => states.TryGetValue(server, out var state) && state is HelixState.STANDBY or HelixState.LEADER;
        int servingCount = plan.Assignment.Count(serving);
        ServerId? surplus = null;
        ServerId? leadingSurplus = null;
        for (int i = plan.Assignment.Count - 1; i >= 0; i--)
        {
            var server = plan.Assignment[i];
            if (plan.Preferred.Contains(server)) continue;
            if (servingCount - (serving(server) ? 1 : 0) < resource.ReplicationFactor) continue;
            if (pending.TryGetValue(server, out var message) && (message.From == HelixState.LEADER || message.To == HelixState.LEADER)) continue;
            if (plan.Move is { } move && (move.From == server || move.To == server)) continue;
            if (states.TryGetValue(server, out var state) && state == HelixState.LEADER)
            {
                leadingSurplus ??= server;
                continue;
            }
            surplus = server;
            break;
        }
        if (surplus is { } dropped)
        {
            plan.Assignment.Remove(dropped);
            observer.Note(Name, "helix-drop-surplus", $"{resource.Version}-{partition} drops replacement {dropped}: [{string.Join(",", plan.Assignment)}]");
            return;
        }
        if (leadingSurplus is { } leader && plan.Move is null)
        {
            plan.Move = new LeaderMove(leader, null);
            observer.Note(Name, "helix-move-leader", $"{resource.Version}-{partition} from surplus {leader} to any");
        }
    }

    /// <summary>Ends a planned move once a different leader is LEADER, or cancels one whose target cannot lead.</summary>
    private void SettleMove(StoreVersion version, int partition, PartitionPlan plan,
        SortedDictionary<ServerId, HelixState> states, ServerId[] leaders)
    {
        if (plan.Move is not { } move) return;
        if (move.To is { } to && (!plan.Assignment.Contains(to) || (states.TryGetValue(to, out var toState) && toState == HelixState.ERROR)))
        {
            observer.Note(Name, "helix-move-cancelled", $"{version}-{partition}: {to} cannot lead");
            plan.Move = null;
            return;
        }
        if (leaders.Length == 1 && (move.To is { } target ? leaders[0] == target : leaders[0] != move.From))
        {
            // The new leader becomes the preferred one, so a later re-election does not undo the move.
            plan.Assignment.Remove(leaders[0]);
            plan.Assignment.Insert(0, leaders[0]);
            plan.Move = null;
            observer.Note(Name, "helix-move-done", $"{version}-{partition} led by {leaders[0]}");
        }
    }

    private void Send(StoreVersion version, int partition, ServerId server, SessionId session, HelixState from, HelixState to)
    {
        long term = 0;
        if (to == HelixState.LEADER)
        {
            // Helix's message time, made strictly increasing so each promotion has a newer term.
            lastTerm = Math.Max(clock.NowMs, lastTerm + 1);
            term = lastTerm;
        }
        var message = new HelixTransitionMessage(nextMessageId++, version, partition, server, session, from, to, term);
        bus.Send(message);
        observer.Note(Name, "helix-send", message.ToString());
    }

    // ---- the external view -------------------------------------------------------------------------

    /// <summary>
    /// EV = current states of live servers. Removals and demotions are written before a new LEADER, so
    /// the EV never shows two leaders on the way from one to the other.
    /// </summary>
    private void WriteExternalView(StoreVersion version, int partition, SortedDictionary<ServerId, HelixState> states)
    {
        string evPartition = MetadataPaths.ExternalViewPartition(version, partition);
        foreach (var child in metadata.GetChildren(evPartition))
        {
            if (!PushMonitor.TryParseServer(child, out var server) || !states.ContainsKey(server))
            {
                metadata.Delete($"{evPartition}/{child}", -1);
            }
        }
        foreach (var (server, state) in states)
        {
            if (state != HelixState.LEADER) Upsert(MetadataPaths.ExternalViewReplica(version, partition, server), state);
        }
        foreach (var (server, state) in states)
        {
            if (state == HelixState.LEADER) Upsert(MetadataPaths.ExternalViewReplica(version, partition, server), state);
        }
    }

    private void Upsert(string path, HelixState state)
    {
        string data = state.ToString();
        if (metadata.TryGet(path, out var node))
        {
            if (node.Data != data) metadata.SetData(path, data, -1);
            return;
        }
        metadata.Create(path, data);
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
