using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Invariants;

/// <summary>
/// view-consistency: at most one LEADER per partition in the external view, and no customized-view
/// entry for a dropped replica. The Helix controller asks it to look at a partition's EV before and
/// after each EV update (so a foreign write shows up too), the participants tell it which replicas
/// they dropped, and an illegal Helix transition is reported here as well (DESIGN.md §10: an illegal
/// transition is a violation, never a silent ignore). It only reads.
/// </summary>
public sealed class ViewConsistencyChecker
{
    private const string Name = InvariantNames.ViewConsistency;

    private readonly InvariantMonitor monitor;

    // Replicas dropped and not hosted again since, by ReplicaId text (ordinal, so order is fixed).
    private readonly SortedDictionary<string, ReplicaId> dropped = new(StringComparer.Ordinal);

    // The leader set last reported per partition, so a standing double leader is reported once.
    private readonly SortedDictionary<string, string> reportedLeaders = new(StringComparer.Ordinal);

    public ViewConsistencyChecker(InvariantMonitor monitor) => this.monitor = monitor;

    /// <summary>Reports a partition whose EV names more than one LEADER.</summary>
    public void CheckExternalView(IMetadataStore metadata, StoreVersion version, int partition)
    {
        string evPartition = MetadataPaths.ExternalViewPartition(version, partition);
        var leaders = new List<string>();
        foreach (var child in metadata.GetChildren(evPartition))
        {
            if (metadata.TryGet($"{evPartition}/{child}", out var node) && node.Data == nameof(HelixState.LEADER)) leaders.Add(child);
        }
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

    /// <summary>A participant moved a replica to a new state: DROPPED starts watching its CV entry, hosting it again stops.</summary>
    public void ReplicaStateChanged(IMetadataStore metadata, ReplicaId replica, HelixState to)
    {
        string key = replica.ToString();
        if (to == HelixState.DROPPED)
        {
            dropped[key] = replica;
            CheckDropped(metadata, replica);
        }
        else if (to != HelixState.OFFLINE)
        {
            dropped.Remove(key);
        }
    }

    /// <summary>Re-checks every dropped replica (a CV entry may have been written after the drop).</summary>
    public void CheckDroppedReplicas(IMetadataStore metadata)
    {
        foreach (var replica in dropped.Values) CheckDropped(metadata, replica);
    }

    /// <summary>A participant received a transition outside the LeaderStandby table.</summary>
    public void IllegalTransition(HelixTransitionMessage message, HelixState current) =>
        monitor.Report(Name, $"illegal Helix transition {message.From}->{message.To} sent to {message.Replica} (in {current}): {message}");

    private void CheckDropped(IMetadataStore metadata, ReplicaId replica)
    {
        string path = MetadataPaths.CustomizedViewReplica(replica.Version, replica.Partition, replica.Server);
        if (metadata.TryGet(path, out var node))
        {
            monitor.Report(Name, $"{replica} was dropped but its customized-view entry is still there ({node.Data})");
        }
    }
}
