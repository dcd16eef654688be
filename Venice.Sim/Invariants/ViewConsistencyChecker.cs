using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;
using Venice.Sim.Model;
using Venice.Sim.World;

namespace Venice.Sim.Invariants;

/// <summary>
/// view-consistency: at most one LEADER per partition in the external view, and no customized-view
/// entry for a dropped replica. The Helix controller asks it to look at a partition's EV before and
/// after each EV update (so a foreign write shows up too), and an illegal Helix transition is
/// reported here as well (docs/design.md §8: an illegal transition is a violation, never a silent ignore).
/// <para>
/// The drop half is checked once the server has processed the drop, not when Helix records the
/// replica as DROPPED: OFFLINE→DROPPED only queues DROP_PARTITION, and the ingestion task deletes the
/// CV entry when it runs that action (<see cref="DropObservingNotifier"/> reports it, right after the
/// notifier's Dropped ran). From then until the replica is subscribed again (a new incarnation, which
/// writes the CV anew) its CV entry must stay absent; the controller re-checks every step. A drop run
/// while the server could not reach the metadata store is not watched: its CV delete could not happen.
/// </para>
/// It only reads; it never steers.
/// </summary>
public sealed class ViewConsistencyChecker : WritePathObserverBase
{
    private const string Name = InvariantNames.ViewConsistency;

    private readonly InvariantMonitor monitor;

    // Replicas whose drop their server ran, not subscribed again since and not yet reported, by
    // ReplicaId text (ordinal, so order is fixed).
    private readonly SortedDictionary<string, ReplicaId> dropped = new(StringComparer.Ordinal);

    // The leader set last reported per partition, so a standing double leader is reported once.
    private readonly SortedDictionary<string, string> reportedLeaders = new(StringComparer.Ordinal);

    public ViewConsistencyChecker(InvariantMonitor monitor) => this.monitor = monitor;

    /// <summary>Reports a partition whose EV names more than one LEADER.</summary>
    public void CheckExternalView(IMetadataStore metadata, StoreVersion version, int partition)
    {
        var leaders = ExternalView.ReadPartition(metadata, version, partition).Leaders(partition);
        string key = $"{version.VersionTopic}-{partition}";
        if (leaders.Count <= 1)
        {
            reportedLeaders.Remove(key);
            return;
        }
        string leaderSet = string.Join(", ", leaders);
        if (reportedLeaders.TryGetValue(key, out var reported) && reported == leaderSet) return;
        reportedLeaders[key] = leaderSet;
        monitor.Report(Name, $"{key} has {leaders.Count} LEADER replicas in the external view: {leaderSet}");
    }

    /// <summary>
    /// The replica's server ran DROP_PARTITION (its notifier's Dropped returned). If the server could
    /// reach the metadata store, the CV entry must be gone now and stay gone until the replica is
    /// subscribed again.
    /// </summary>
    public void DropProcessed(IMetadataStore metadata, ReplicaId replica, bool metadataReachable)
    {
        if (!metadataReachable) return;
        dropped[replica.ToString()] = replica;
        CheckDropped(metadata, replica);
    }

    /// <summary>A new incarnation of the replica: it writes its CV entry again, legitimately.</summary>
    public override void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint) =>
        dropped.Remove(replica.ToString());

    /// <summary>Re-checks every dropped replica (a CV entry may have been written after the drop).</summary>
    public void CheckDroppedReplicas(IMetadataStore metadata)
    {
        foreach (var replica in dropped.Values.ToArray()) CheckDropped(metadata, replica);
    }

    /// <summary>A participant received a transition outside the LeaderStandby table.</summary>
    public void IllegalTransition(HelixTransitionMessage message, HelixState current) =>
        monitor.Report(Name, $"illegal Helix transition {message.From}->{message.To} sent to {message.Replica} (in {current}): {message}");

    private void CheckDropped(IMetadataStore metadata, ReplicaId replica)
    {
        string path = MetadataPaths.CustomizedViewReplica(replica.Version, replica.Partition, replica.Server);
        if (metadata.TryGet(path, out var node))
        {
            // Reported once per drop: the entry stays until something deletes it, and each step would repeat it.
            dropped.Remove(replica.ToString());
            monitor.Report(Name, $"{replica} was dropped but its customized-view entry is still there ({node.Data})");
        }
    }
}
