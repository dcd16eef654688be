using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;
using Venice.Core.Reporting;

namespace Venice.Core.Controller;

/// <summary>
/// The Venice controller's push monitor (PartitionStatusBasedPushMonitor): for each push in flight it
/// reads the per-partition push statuses and the external view, applies the decider, and turns a
/// completed push into an ONLINE version with a current-version swap, or an errored one into ERROR.
/// </summary>
public sealed class PushMonitor
{
    private readonly IMetadataStore metadata;
    private readonly IWritePathObserver observer;
    private readonly PushStatusDecider decider;
    private readonly Defects.SeededDefects? defects;
    private readonly SortedDictionary<string, TrackedPush> pushes = new(StringComparer.Ordinal);
    private long lastSeenChange = -1;

    private readonly RealTimeTopicSwitcher? topicSwitcher;
    private readonly Environment.IClock? clock;

    public PushMonitor(IMetadataStore metadata, IWritePathObserver observer, PushStrategy strategy,
        RealTimeTopicSwitcher? topicSwitcher = null, Environment.IClock? clock = null, Defects.SeededDefects? defects = null)
    {
        this.metadata = metadata;
        this.observer = observer;
        this.topicSwitcher = topicSwitcher;
        this.clock = clock;
        this.defects = defects;
        decider = new PushStatusDecider(strategy, defects);
    }

    private sealed class TrackedPush(StoreVersion version, int partitions, int replicationFactor, Ingestion.StoreConfig store, PushStatusDecider decider)
    {
        public PushStatusDecider Decider { get; } = decider;
        public StoreVersion Version { get; } = version;
        public int Partitions { get; } = partitions;
        public int ReplicationFactor { get; } = replicationFactor;
        public Ingestion.StoreConfig Store { get; } = store;
        public PushDecision Status { get; set; } = PushDecision.Started;
        public bool TopicSwitchSent { get; set; }
    }

    /// <summary>Creates the version (STARTED) and its push status nodes.</summary>
    /// <param name="strategy">The store's own push strategy (Venice keeps it per store); null takes the monitor's.</param>
    public void StartPush(StoreVersion version, int partitions, int replicationFactor, Ingestion.StoreConfig? store = null,
        PushStrategy? strategy = null)
    {
        var config = store ?? new Ingestion.StoreConfig(version.Store, IsHybrid: false);
        if (config.IsHybrid && (topicSwitcher is null || clock is null))
        {
            throw new InvalidOperationException("a hybrid push needs a topic switcher and a clock");
        }
        pushes[version.VersionTopic] = new TrackedPush(version, partitions, replicationFactor, config,
            strategy is { } own ? new PushStatusDecider(own, defects) : decider);
        Upsert(MetadataPaths.PushStatus(version), PushDecision.Started.ToString());
        Upsert(MetadataPaths.VersionStatusNode(version), VersionStatus.STARTED.ToString());
        observer.VersionStatusChanged(version, VersionStatus.STARTED);
    }

    /// <summary>True when the metadata changed since the last poll and a push is still in flight.</summary>
    public bool HasWork => metadata.LastChangeSequence != lastSeenChange && pushes.Values.Any(p => !PushStatusTransitions.IsTerminal(p.Status));

    public PushDecision StatusOf(StoreVersion version) =>
        pushes.TryGetValue(version.VersionTopic, out var push) ? push.Status : PushDecision.Started;

    /// <summary>
    /// Kills a push in flight (Venice's killOfflinePush): the push is ERROR from now on, so replicas that
    /// complete later can never make the version ONLINE. Returns false when the push is unknown or already final.
    /// </summary>
    public bool Kill(StoreVersion version)
    {
        if (!pushes.TryGetValue(version.VersionTopic, out var push) || PushStatusTransitions.IsTerminal(push.Status)) return false;
        MoveTo(push, PushDecision.Error);
        Upsert(MetadataPaths.PushStatus(push.Version), PushDecision.Error.ToString());
        observer.Note("controller", "push-status", $"{push.Version} {PushDecision.Error} (killed)");
        MarkError(push.Version);
        return true;
    }

    /// <summary>
    /// Re-decides every push in flight. Returns whether any push changed status. As Venice's
    /// PartitionStatusBasedPushMonitor does, only a terminal decision (COMPLETED, ERROR) changes a batch push's
    /// status: END_OF_PUSH_RECEIVED is the status of a hybrid push whose topic switch was sent
    /// (AbstractPushMonitor.checkWhetherToStartEOPProcedures), never of a batch push.
    /// </summary>
    public bool Poll()
    {
        lastSeenChange = metadata.LastChangeSequence;
        bool changed = false;
        foreach (var push in pushes.Values)
        {
            if (PushStatusTransitions.IsTerminal(push.Status)) continue;
            var decisions = new List<PushDecision>(push.Partitions);
            for (int partition = 0; partition < push.Partitions; partition++)
            {
                decisions.Add(DecidePartition(push, partition));
            }
            var decision = PushStatusDecider.DecideVersion(decisions);
            if (!PushStatusTransitions.IsTerminal(decision))
            {
                decision = MaybeSendTopicSwitch(push) ? PushDecision.EndOfPushReceived : push.Status;
            }
            if (decision == push.Status || PushStatusTransitions.IsBehind(decision, push.Status)) continue;
            MoveTo(push, decision);
            changed = true;
            Upsert(MetadataPaths.PushStatus(push.Version), decision.ToString());
            observer.Note("controller", "push-status", $"{push.Version} {decision}");
            if (decision == PushDecision.Completed) MarkOnline(push.Version);
            else if (decision == PushDecision.Error) MarkError(push.Version);
        }
        return changed;
    }

    /// <summary>
    /// The one place a push's status changes, along <see cref="PushStatusTransitions"/>: a decision off
    /// the table is a bug in the decider or the monitor, so it stops the run rather than write a status
    /// the version's lifecycle does not have.
    /// </summary>
    private static void MoveTo(TrackedPush push, PushDecision decision)
    {
        PushStatusTransitions.Require(push.Version, push.Status, decision);
        push.Status = decision;
    }

    /// <summary>
    /// Hybrid stores (docs/venice-write-path.md §7): once every partition has a replica that reached END_OF_PUSH
    /// (Venice's OfflinePushStatus.isEOPReceivedInEveryPartition, over every replica that reported, in the view
    /// or not), write TOPIC_SWITCH with rewind start = now − rewind time (REWIND_FROM_EOP). Venice reads that
    /// from each replica's status history; the model keeps the latest report only, so a replica counts when
    /// its latest is END_OF_PUSH_RECEIVED or later (TOPIC_SWITCH_RECEIVED, COMPLETED).
    /// Returns whether the topic switch has been sent.
    /// </summary>
    private bool MaybeSendTopicSwitch(TrackedPush push)
    {
        if (!push.Store.IsHybrid) return false;
        if (push.TopicSwitchSent) return true;
        for (int partition = 0; partition < push.Partitions; partition++)
        {
            if (!EndOfPushReceivedIn(push, partition)) return false;
        }
        long rewindStart = clock!.NowMs - push.Store.RewindTimeMs;
        if (!topicSwitcher!.SendTopicSwitch(push.Version, push.Partitions, rewindStart)) return false;
        push.TopicSwitchSent = true;
        observer.Note("controller", "topic-switch", $"{push.Version} -> {push.Version.RealTimeTopic} rewindStart={rewindStart}");
        return true;
    }

    private bool EndOfPushReceivedIn(TrackedPush push, int partition)
    {
        if (!metadata.TryGet(MetadataPaths.PartitionPushStatus(push.Version, partition), out var node)) return false;
        foreach (var (_, status) in ReplicaStatusMap.Decode(node.Data).Entries)
        {
            if (status is ExecutionStatus.END_OF_PUSH_RECEIVED or ExecutionStatus.TOPIC_SWITCH_RECEIVED or ExecutionStatus.COMPLETED) return true;
        }
        return false;
    }

    private PushDecision DecidePartition(TrackedPush push, int partition)
    {
        var statuses = metadata.TryGet(MetadataPaths.PartitionPushStatus(push.Version, partition), out var node)
            ? ReplicaStatusMap.Decode(node.Data)
            : new ReplicaStatusMap();
        // Like Venice's decider, only the instances Helix currently has for the partition count, with their
        // states: a status a crashed, expired or dropped replica left in the push status says nothing about
        // who serves now, and a partition with fewer instances than R errors on fewer ERROR replicas.
        // No disabled-replica callback: the model's Helix puts an errored replica in the ERROR state, which
        // re-elects its leadership as Venice's disabling of an errored leader does, and its ERROR report counts.
        var view = ExternalView.ReadPartition(metadata, push.Version, partition);
        return push.Decider.DecidePartition(statuses, view.Replicas(partition), push.ReplicationFactor, partition);
    }

    private void MarkOnline(StoreVersion version)
    {
        Upsert(MetadataPaths.VersionStatusNode(version), VersionStatus.ONLINE.ToString());
        string current = MetadataPaths.CurrentVersion(version.Store);
        bool newer = !metadata.TryGet(current, out var node) || !int.TryParse(node.Data, out int cur) || version.Version > cur;
        if (newer) Upsert(current, version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        observer.VersionStatusChanged(version, VersionStatus.ONLINE);
    }

    private void MarkError(StoreVersion version)
    {
        Upsert(MetadataPaths.VersionStatusNode(version), VersionStatus.ERROR.ToString());
        observer.VersionStatusChanged(version, VersionStatus.ERROR);
    }

    private void Upsert(string path, string data)
    {
        var result = metadata.TryGet(path, out var node) ? metadata.SetData(path, data, -1) : metadata.Create(path, data);
        if (!result.Succeeded)
        {
            observer.Note("controller", "metadata-write-failed", $"{path}: {result.Status}");
        }
    }

    /// <summary>Parses a replica node's name ("server-N"); see <see cref="MetadataPaths.TryParseServer"/>.</summary>
    public static bool TryParseServer(string name, out ServerId server) => MetadataPaths.TryParseServer(name, out server);
}
