using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;
using Venice.Sim.World;

namespace Venice.Sim.Invariants;

/// <summary>
/// online-has-data: at the moment a version goes ONLINE, the push job has written END_OF_PUSH and every
/// partition has at least R − tolerated
/// COMPLETED replicas in the customized view, the external view's leader among them, and each of them
/// holds every key of the batch push.
/// </summary>
public sealed class OnlineHasDataChecker(InvariantMonitor monitor, SimWorld world) : WritePathObserverBase
{
    public override void VersionStatusChanged(StoreVersion version, VersionStatus status)
    {
        if (status != VersionStatus.ONLINE || version != world.Version) return;
        int tolerated = world.Config.PushStrategy == PushStrategy.WaitNMinusOne ? 1 : 0;
        int required = Math.Max(1, world.Config.ReplicationFactor - tolerated);
        if (!world.PushJob.Finished)
        {
            // The replicas may hold everything pushed so far, but the push itself is not over.
            monitor.Report(InvariantNames.OnlineHasData,
                $"{version} went ONLINE before the push job wrote END_OF_PUSH");
        }
        for (int partition = 0; partition < world.Config.Partitions; partition++)
        {
            var completed = EndStateChecks.ServingReplicas(world, partition);
            var leader = ExternalViewLeader(partition);
            if (completed.Count < required)
            {
                monitor.Report(InvariantNames.OnlineHasData,
                    $"{version} went ONLINE with {completed.Count} COMPLETED replica(s) of partition {partition}; {required} required");
            }
            if (leader is null || !completed.Contains(leader.Value))
            {
                monitor.Report(InvariantNames.OnlineHasData,
                    $"{version} went ONLINE while partition {partition}'s external-view leader {leader?.ToString() ?? "(none)"} was not COMPLETED");
            }
            foreach (var server in completed)
            {
                int missing = MissingBatchKeys(partition, server);
                if (missing > 0)
                {
                    monitor.Report(InvariantNames.OnlineHasData,
                        $"{version} went ONLINE while COMPLETED replica {new ReplicaId(version, partition, server)} lacked {missing} pushed key(s)");
                }
            }
        }
    }

    private ServerId? ExternalViewLeader(int partition) =>
        ExternalView.ReadPartition(world.Metadata, world.Version, partition).LeaderOf(partition);

    private int MissingBatchKeys(int partition, ServerId server)
    {
        var engine = world.StorageEngines[server.Value];
        if (!engine.HasPartition(world.Version, partition)) return world.Reference.BatchKeyCount(partition);
        var storage = engine.Open(world.Version, partition);
        int missing = 0;
        foreach (var key in world.Reference.BatchKeys(partition))
        {
            if (!storage.TryGet(key, out _)) missing++;
        }
        return missing;
    }
}
