using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;

namespace Venice.Sim.World;

/// <summary>
/// The ideal state of every resource (FULL_AUTO rebalancing): forget dead servers, put preferred servers
/// back when they return, top partitions up to R replicas by load, and drop a surplus replacement once
/// enough replicas serve (docs/helix.md).
/// </summary>
internal sealed class HelixAssignment(IEnumerable<HelixResource> resources, IWritePathObserver observer)
{
    public void ForgetDeadServers(SortedDictionary<ServerId, SessionId> live)
    {
        foreach (var resource in resources)
        {
            for (int partition = 0; partition < resource.Partitions.Length; partition++)
            {
                var plan = resource.Partitions[partition];
                int removed = plan.Assignment.RemoveAll(server => !live.ContainsKey(server));
                if (removed > 0)
                {
                    observer.Note(HelixControllerActor.ActorName, "helix-assignment", $"{resource.Version}-{partition} without dead servers: [{string.Join(",", plan.Assignment)}]");
                }
                if (plan.Move is { To: { } to } && !live.ContainsKey(to))
                {
                    observer.Note(HelixControllerActor.ActorName, "helix-move-cancelled", $"{resource.Version}-{partition}: {to} is not live");
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
    public void RestorePreferredServers(SortedDictionary<ServerId, SessionId> live)
    {
        foreach (var resource in resources)
        {
            if (resource.Dropping) continue;
            for (int partition = 0; partition < resource.Partitions.Length; partition++)
            {
                var plan = resource.Partitions[partition];
                foreach (var server in plan.Preferred)
                {
                    if (!live.ContainsKey(server) || plan.Assignment.Contains(server)) continue;
                    int firstReplacement = plan.Assignment.FindIndex(s => !plan.Preferred.Contains(s));
                    plan.Assignment.Insert(firstReplacement < 0 ? plan.Assignment.Count : firstReplacement, server);
                    observer.Note(HelixControllerActor.ActorName, "helix-assignment", $"{resource.Version}-{partition} restores preferred {server}: [{string.Join(",", plan.Assignment)}]");
                }
            }
        }
    }

    /// <summary>
    /// Tops every partition up to R replicas from the live servers it does not use, least loaded first,
    /// ties broken by distance from the partition number so a fresh cluster gets the usual round-robin.
    /// </summary>
    public void FillAssignments(SortedDictionary<ServerId, SessionId> live)
    {
        if (live.Count == 0) return;
        var load = new SortedDictionary<ServerId, int>();
        foreach (var server in live.Keys) load[server] = 0;
        foreach (var resource in resources)
        {
            foreach (var plan in resource.Partitions)
            {
                foreach (var server in plan.Assignment) load[server]++;
            }
        }
        int span = live.Keys.Max().Value + 1;
        foreach (var resource in resources)
        {
            if (resource.Dropping) continue;
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
                    observer.Note(HelixControllerActor.ActorName, "helix-assignment", $"{resource.Version}-{partition} on [{string.Join(",", plan.Assignment)}]");
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
    public void DropSurplus(HelixResource resource, int partition, SortedDictionary<ServerId, HelixState> states,
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
            observer.Note(HelixControllerActor.ActorName, "helix-drop-surplus", $"{resource.Version}-{partition} drops replacement {dropped}: [{string.Join(",", plan.Assignment)}]");
            return;
        }
        if (leadingSurplus is { } leader && plan.Move is null)
        {
            plan.Move = new LeaderMove(leader, null);
            observer.Note(HelixControllerActor.ActorName, "helix-move-leader", $"{resource.Version}-{partition} from surplus {leader} to any");
        }
    }
}
