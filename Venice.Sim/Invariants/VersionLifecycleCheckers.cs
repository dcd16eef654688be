using Venice.Core;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Model;
using Venice.Sim.World;

namespace Venice.Sim.Invariants;

/// <summary>
/// The version-lifecycle invariants checked as the run goes (docs/invariants.md): current-version-online,
/// failed-push-keeps-current and reads-have-serving-version. After every step each store's current version
/// (the node Venice's routers read) is compared with the last one seen; and, from the store's first current
/// version on, every partition of the current version must keep a replica that reached COMPLETED in the
/// customized view and has not been dropped since (a crashed or restarting replica still counts: availability
/// under faults is not this check's business, the controller's choice of version is).
/// </summary>
internal sealed class VersionLifecycleCheckers : WritePathObserverBase
{
    private readonly InvariantMonitor monitor;
    private readonly CheckedWorld world;
    private readonly SortedDictionary<string, int> lastCurrent = new(StringComparer.Ordinal);
    private readonly SortedSet<string> failed = new(StringComparer.Ordinal);
    /// <summary>Replicas (version topic, partition, server) seen COMPLETED in the CV whose entry is still there.</summary>
    private readonly SortedSet<(string Topic, int Partition, int Server)> served = new();
    /// <summary>Partitions already reported as unserved, so one gap is one violation.</summary>
    private readonly SortedSet<(string Topic, int Partition)> reported = new();
    private long seenChange = -1;

    public VersionLifecycleCheckers(InvariantMonitor monitor, CheckedWorld world)
    {
        this.monitor = monitor;
        this.world = world;
    }

    public override void VersionStatusChanged(StoreVersion version, VersionStatus status)
    {
        if (status != VersionStatus.ERROR) return;
        failed.Add(version.VersionTopic);
        if (world.CurrentVersionOf(version.Store) == version.Version)
        {
            monitor.Report(InvariantNames.FailedPushKeepsCurrent, $"{version} failed while it is the current version of {version.Store}");
        }
    }

    public void AfterStep()
    {
        if (world.MetadataChangeSequence == seenChange) return;
        seenChange = world.MetadataChangeSequence;
        foreach (var store in world.Stores)
        {
            if (world.CurrentVersionOf(store.Name) is not { } current) continue;
            var version = new StoreVersion(store.Name, current);
            if (!lastCurrent.TryGetValue(store.Name, out int previous) || previous != current)
            {
                lastCurrent[store.Name] = current;
                CheckSwap(store, previous, version);
            }
            CheckServing(store, version);
        }
    }

    private void CheckSwap(StoreRuntime store, int previous, StoreVersion version)
    {
        var status = world.StatusOf(version);
        string from = previous == 0 ? "no current version" : $"v{previous}";
        if (status != VersionStatus.ONLINE)
        {
            monitor.Report(InvariantNames.CurrentVersionOnline, $"{store.Name} swapped from {from} to {version}, which is {status}, not ONLINE");
        }
        var runtime = world.VersionOf(version);
        if (failed.Contains(version.VersionTopic) || runtime?.State is VersionState.Failed or VersionState.Killed)
        {
            monitor.Report(InvariantNames.FailedPushKeepsCurrent, $"{store.Name} swapped from {from} to {version}, a {(runtime?.State == VersionState.Killed ? "killed" : "failed")} push");
        }
    }

    private void CheckServing(StoreRuntime store, StoreVersion version)
    {
        for (int partition = 0; partition < store.Setup.Partitions; partition++)
        {
            var entries = world.CustomizedViewOf(version, partition);
            bool any = false;
            foreach (var (server, status) in entries)
            {
                var key = (version.VersionTopic, partition, server.Value);
                if (status == nameof(ExecutionStatus.COMPLETED)) served.Add(key);
                if (served.Contains(key)) any = true;
            }
            // An entry that is gone (the replica was dropped) no longer serves, whatever it said before.
            served.RemoveWhere(k => k.Topic == version.VersionTopic && k.Partition == partition && !entries.Any(e => e.Server.Value == k.Server));
            if (any)
            {
                reported.Remove((version.VersionTopic, partition));
            }
            else if (reported.Add((version.VersionTopic, partition)))
            {
                monitor.Report(InvariantNames.ReadsHaveServingVersion,
                    $"{version} is the current version of {store.Name} but partition {partition} has no replica that completed and was not dropped");
            }
        }
    }
}
