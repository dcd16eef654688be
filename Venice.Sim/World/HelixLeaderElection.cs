using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;

namespace Venice.Sim.World;

/// <summary>
/// Who leads a partition: the first election waits for the preferred replica, a planned move waits for its
/// target, otherwise the first STANDBY in preference order; a move ends once the new leader is LEADER.
/// </summary>
internal sealed class HelixLeaderElection(IWritePathObserver observer)
{
    /// <summary>
    /// The move's target if there is one; else, for a partition's first election, the preferred replica;
    /// else the first STANDBY in preference order with nothing in flight.
    /// </summary>
    public static ServerId? ChooseLeader(PartitionPlan plan, SortedDictionary<ServerId, HelixState> states,
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

    /// <summary>Ends a planned move once a different leader is LEADER, or cancels one whose target cannot lead.</summary>
    public void SettleMove(StoreVersion version, int partition, PartitionPlan plan,
        SortedDictionary<ServerId, HelixState> states, ServerId[] leaders)
    {
        if (plan.Move is not { } move) return;
        if (move.To is { } to && (!plan.Assignment.Contains(to) || (states.TryGetValue(to, out var toState) && toState == HelixState.ERROR)))
        {
            observer.Note(HelixControllerActor.ActorName, "helix-move-cancelled", $"{version}-{partition}: {to} cannot lead");
            plan.Move = null;
            return;
        }
        if (leaders.Length == 1 && (move.To is { } target ? leaders[0] == target : leaders[0] != move.From))
        {
            // The new leader becomes the preferred one, so a later re-election does not undo the move.
            plan.Assignment.Remove(leaders[0]);
            plan.Assignment.Insert(0, leaders[0]);
            plan.Move = null;
            observer.Note(HelixControllerActor.ActorName, "helix-move-done", $"{version}-{partition} led by {leaders[0]}");
        }
    }
}
