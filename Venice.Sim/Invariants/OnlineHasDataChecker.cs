using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// online-has-data: at the moment a version goes ONLINE, the push job has written END_OF_PUSH and every
/// partition has at least R − tolerated
/// COMPLETED replicas in the customized view, the external view's leader among them, and each of them
/// holds every key of the batch push.
/// </summary>
public sealed class OnlineHasDataChecker(InvariantMonitor monitor, CheckedWorld world) : WritePathObserverBase
{
    public override void VersionStatusChanged(StoreVersion version, VersionStatus status)
    {
        if (status != VersionStatus.ONLINE || world.VersionOf(version) is not { } runtime) return;
        int tolerated = runtime.Store.Setup.PushStrategy == PushStrategy.WaitNMinusOne ? 1 : 0;
        int required = Math.Max(1, runtime.ReplicationFactor - tolerated);
        if (!runtime.PushJob.Finished)
        {
            // The replicas may hold everything pushed so far, but the push itself is not over.
            monitor.Report(InvariantNames.OnlineHasData,
                $"{version} went ONLINE before the push job wrote END_OF_PUSH");
        }
        for (int partition = 0; partition < runtime.Partitions; partition++)
        {
            var completed = EndStateChecks.ServingReplicas(world, version, partition);
            var leader = ExternalViewLeader(version, partition);
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
                int missing = MissingBatchKeys(runtime, partition, server);
                if (missing > 0)
                {
                    monitor.Report(InvariantNames.OnlineHasData,
                        $"{version} went ONLINE while COMPLETED replica {new ReplicaId(version, partition, server)} lacked {missing} pushed key(s)");
                }
            }
        }
    }

    private ServerId? ExternalViewLeader(StoreVersion version, int partition) => world.ExternalViewOf(version, partition).LeaderOf(partition);

    private int MissingBatchKeys(VersionRuntime version, int partition, ServerId server)
    {
        var replica = new ReplicaId(version.Version, partition, server);
        // The replica's storage opened once, not once per key (the same count as asking StorageHolds per key).
        return version.Reference.BatchKeysMissingFrom(partition, world.HostedStorage(replica));
    }
}
