using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Log;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// The checks made once the world is quiescent (docs/invariants.md): replicas-converge, no-lost-writes and
/// push-completes. "Serving" means COMPLETED in the customized view of a version that is ONLINE.
/// </summary>
public static class EndStateChecks
{
    private const string ReplicasConverge = InvariantNames.ReplicasConverge;
    private const string NoLostWrites = InvariantNames.NoLostWrites;
    private const string PushCompletes = InvariantNames.PushCompletes;

    /// <summary>Differences listed per violation message, so a message stays readable.</summary>
    private const int MaxDifferencesShown = 3;

    public static void Check(SimWorld world, bool quiescent)
    {
        // End-state violations are found by the world, not by the actor that happened to step last.
        string acting = world.Context.CurrentActor;
        world.Context.CurrentActor = "world";
        try
        {
            CheckVersions(world.Invariants, new CheckedWorld(world), quiescent);
            world.RunEndHooks(quiescent);
        }
        finally
        {
            world.Context.CurrentActor = acting;
        }
    }

    private static void CheckVersions(InvariantMonitor monitor, CheckedWorld world, bool quiescent)
    {
        foreach (var version in world.Versions)
        {
            var status = world.StatusOf(version.Version);
            if (!quiescent || status is not (VersionStatus.ONLINE or VersionStatus.ERROR))
            {
                monitor.Report(PushCompletes, $"{version.Version} is {status} at the end of the run ({(quiescent ? "quiescent" : "not quiescent")})");
            }
        }
        foreach (var store in world.Stores)
        {
            foreach (var pending in store.Pending)
            {
                monitor.Report(PushCompletes, $"the push of {pending.Version} never started by the end of the run");
            }
        }
        CheckFollowersCaughtUp(monitor, world);
        CheckDeletedVersionsClean(monitor, world);
        foreach (var version in world.Versions)
        {
            if (world.StatusOf(version.Version) != VersionStatus.ONLINE || VersionStateTransitions.IsDeleted(version.State)) continue;
            for (int partition = 0; partition < version.Partitions; partition++)
            {
                CheckPartition(monitor, world, version, partition);
                CheckLeaderElected(monitor, world, version.Version, partition);
            }
        }
    }

    /// <summary>leader-elected: each partition of an ONLINE version ends with one replica that is LEADER inside its ingestion task.</summary>
    private static void CheckLeaderElected(InvariantMonitor monitor, CheckedWorld world, StoreVersion version, int partition)
    {
        int leaders = world.ReplicasOf(version, partition)
            .Count(state => !state.Errored && state.LeaderFollowerState == Venice.Core.LeaderFollower.LeaderFollowerState.LEADER);
        if (leaders != 1)
        {
            monitor.Report(InvariantNames.LeaderElected, $"{version}-{partition} ends with {leaders} leader(s); expected exactly 1");
        }
    }

    /// <summary>
    /// retired-version-clean: a version the controller retired, or whose push failed or was killed, leaves
    /// nothing behind on any server: no customized-view entry, no storage partition, no ingesting replica.
    /// </summary>
    private static void CheckDeletedVersionsClean(InvariantMonitor monitor, CheckedWorld world)
    {
        foreach (var version in world.Versions)
        {
            if (!VersionStateTransitions.IsDeleted(version.State)) continue;
            var left = new List<string>();
            for (int partition = 0; partition < version.Partitions; partition++)
            {
                foreach (var (server, status) in world.CustomizedViewOf(version.Version, partition)) left.Add($"CV entry {server} {status} of partition {partition}");
                for (int server = 0; server < world.ServerCount; server++)
                {
                    if (world.StoresPartition(new ReplicaId(version.Version, partition, new ServerId(server)))) left.Add($"storage of partition {partition} on server-{server}");
                }
            }
            foreach (var (hosted, partition, state) in world.HostedPartitions())
            {
                if (hosted == version.Version) left.Add($"{state.Replica} still ingesting");
            }
            if (left.Count > 0)
            {
                monitor.Report(InvariantNames.RetiredVersionClean,
                    $"{version.Version} is {version.State.ToString().ToLowerInvariant()} but {left.Count} thing(s) of it remain: {string.Join(", ", left.Take(MaxDifferencesShown))}");
            }
        }
    }

    /// <summary>followers-catch-up: no subscribed, healthy replica is left with VT records it could read.</summary>
    private static void CheckFollowersCaughtUp(InvariantMonitor monitor, CheckedWorld world)
    {
        foreach (var (version, partition, state) in world.HostedPartitions())
        {
            if (state.Errored || state.ConsumesUpstream) continue;
            var vt = new TopicPartition(version.VersionTopic, partition);
            if (world.TryReadLog(vt, state.NextVtOffset, out var entry))
            {
                monitor.Report(InvariantNames.FollowersCatchUp,
                    $"{state.Replica} is still behind at the end: next VT offset {state.NextVtOffset}, record at {entry.Offset} unread");
            }
        }
    }

    private static void CheckPartition(InvariantMonitor monitor, CheckedWorld world, VersionRuntime version, int partition)
    {
        var serving = ServingReplicas(world, version.Version, partition);
        // The common case, answered without sorting or copying any replica's data: every serving replica
        // holds exactly the reference model's live keys and values. Then no write is lost, no DELETE
        // undone, no key a phantom, and the replicas agree, so the comparisons below would report nothing.
        if (serving.All(server => world.HostedStorage(new ReplicaId(version.Version, partition, server)) is { } storage
                                  && version.Reference.IsHeldExactlyBy(partition, storage)))
        {
            return;
        }
        var expected = version.Reference.Expected(partition).ToArray();
        var deleted = new SortedSet<string>(version.Reference.Deleted(partition), StringComparer.Ordinal);
        IReadOnlyList<KeyValuePair<byte[], byte[]>>? firstContent = null;
        ServerId firstServer = default;
        foreach (var server in serving)
        {
            var actual = world.StoredContent(new ReplicaId(version.Version, partition, server));
            if (firstContent is null)
            {
                firstContent = actual;
                firstServer = server;
            }
            else if (!SameContent(firstContent, actual))
            {
                monitor.Report(ReplicasConverge,
                    $"{version.Version}-{partition}: serving replicas {firstServer} and {server} differ");
            }
            CompareWithReference(monitor, new ReplicaId(version.Version, partition, server), expected, deleted, actual);
        }
    }

    private static void CompareWithReference(InvariantMonitor monitor, ReplicaId replica,
        KeyValuePair<string, byte[]>[] expected, SortedSet<string> deleted, IReadOnlyList<KeyValuePair<byte[], byte[]>> actual)
    {
        // The common case, checked without building any map: the replica holds exactly the expected keys with
        // the expected values. Then nothing is missing or stale, and, the expected keys being live, none is
        // undeleted or a phantom, so the checks below would report nothing.
        if (HoldsExactly(expected, actual)) return;
        var actualByKey = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in actual) actualByKey[ReferenceModel.KeyText(key)] = value;
        var lost = new List<string>();
        foreach (var (key, value) in expected)
        {
            if (!actualByKey.TryGetValue(key, out var held)) lost.Add($"'{key}' missing");
            else if (!held.AsSpan().SequenceEqual(value)) lost.Add($"'{key}' holds an older or different value");
        }
        if (lost.Count > 0)
        {
            monitor.Report(NoLostWrites,
                $"{replica} serves without {lost.Count} acknowledged write(s): {string.Join(", ", lost.Take(MaxDifferencesShown))}");
        }
        // A key whose last acknowledged write is a DELETE but which the replica still serves lost that DELETE.
        var undeleted = actualByKey.Keys.Where(deleted.Contains).ToArray();
        if (undeleted.Length > 0)
        {
            monitor.Report(NoLostWrites,
                $"{replica} serves {undeleted.Length} key(s) whose acknowledged DELETE it lost: {string.Join(", ", undeleted.Take(MaxDifferencesShown))}");
        }
        var expectedKeys = new SortedSet<string>(expected.Select(e => e.Key), StringComparer.Ordinal);
        var phantoms = actualByKey.Keys.Where(k => !expectedKeys.Contains(k) && !deleted.Contains(k)).ToArray();
        if (phantoms.Length > 0)
        {
            monitor.Report(ReplicasConverge,
                $"{replica} holds {phantoms.Length} key(s) the reference model does not: {string.Join(", ", phantoms.Take(MaxDifferencesShown))}");
        }
    }

    /// <summary>
    /// Servers serving the partition: COMPLETED in the customized view and LEADER or STANDBY in the
    /// external view (a replica Helix moved to ERROR or OFFLINE is not routed to, whatever its CV says).
    /// </summary>
    public static IReadOnlyList<ServerId> ServingReplicas(CheckedWorld world, StoreVersion version, int partition)
    {
        var externalView = world.ExternalViewOf(version, partition);
        return world.CustomizedViewOf(version, partition)
            .Where(entry => entry.Status == nameof(ExecutionStatus.COMPLETED) &&
                            externalView.StateOf(partition, entry.Server) is HelixState.LEADER or HelixState.STANDBY)
            .Select(entry => entry.Server)
            .ToArray();
    }

    /// <summary>Whether <paramref name="actual"/> is <paramref name="expected"/> pair for pair (keys compared as Latin-1 text, as the reference model writes them).</summary>
    private static bool HoldsExactly(KeyValuePair<string, byte[]>[] expected, IReadOnlyList<KeyValuePair<byte[], byte[]>> actual)
    {
        if (actual.Count != expected.Length) return false;
        for (int i = 0; i < expected.Length; i++)
        {
            var (key, value) = actual[i];
            string text = expected[i].Key;
            if (key.Length != text.Length || !value.AsSpan().SequenceEqual(expected[i].Value)) return false;
            for (int j = 0; j < key.Length; j++)
            {
                if (text[j] != (char)key[j]) return false;
            }
        }
        return true;
    }

    private static bool SameContent(IReadOnlyList<KeyValuePair<byte[], byte[]>> a, IReadOnlyList<KeyValuePair<byte[], byte[]>> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
        {
            if (!a[i].Key.AsSpan().SequenceEqual(b[i].Key) || !a[i].Value.AsSpan().SequenceEqual(b[i].Value)) return false;
        }
        return true;
    }
}
