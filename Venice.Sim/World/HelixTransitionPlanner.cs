using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;

namespace Venice.Sim.World;

/// <summary>
/// Sends each replica of a partition the next transition toward its target state, one message in flight per
/// replica and Helix's one-leader constraint: STANDBY→LEADER only when the partition has no LEADER and no
/// leader transition outstanding. Promotions carry strictly increasing terms.
/// </summary>
internal sealed class HelixTransitionPlanner(HelixMessageBus bus, IClock clock, IWritePathObserver observer,
    HelixAssignment assignment, HelixLeaderElection election)
{
    private long nextMessageId = 1;
    private long lastTerm;

    /// <summary>Sends what the partition needs next; returns how many messages were sent.</summary>
    public int PlanTransitions(HelixResource resource, int partition, SortedDictionary<ServerId, SessionId> live,
        SortedDictionary<ServerId, HelixState> states, SortedDictionary<ServerId, HelixTransitionMessage> pending, int budget)
    {
        var version = resource.Version;
        var plan = resource.Partitions[partition];
        var leaders = states.Where(s => s.Value == HelixState.LEADER).Select(s => s.Key).ToArray();
        election.SettleMove(version, partition, plan, states, leaders);
        assignment.DropSurplus(resource, partition, states, pending);
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
            promote = HelixLeaderElection.ChooseLeader(plan, states, pending, movingAway);
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
        observer.Note(HelixControllerActor.ActorName, "helix-send", message.ToString());
    }
}
