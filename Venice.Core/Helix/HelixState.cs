namespace Venice.Core.Helix;

/// <summary>
/// A replica's state in Helix's built-in LeaderStandby state model (docs/venice-write-path.md §2). The names are
/// Helix's and are what the current states and the external view hold, so they stay upper case.
/// </summary>
public enum HelixState
{
    OFFLINE,
    STANDBY,
    LEADER,
    ERROR,
    DROPPED,
}

/// <summary>
/// The one table of legal LeaderStandby transitions. Helix moves a replica only along these edges, one
/// message per edge. ERROR is the exception Helix makes outside the table: a failing transition or a
/// failed replica enters ERROR from any state (and leaves it only by ERROR→DROPPED or a reset).
/// </summary>
public static class HelixTransitions
{
    private static readonly (HelixState From, HelixState To)[] Legal =
    [
        (HelixState.OFFLINE, HelixState.STANDBY), // SUBSCRIBE; waits on the bootstrap latch for a current version
        (HelixState.STANDBY, HelixState.LEADER), // session id++, STANDBY_TO_LEADER queued with the term
        (HelixState.LEADER, HelixState.STANDBY), // session id++, LEADER_TO_STANDBY queued
        (HelixState.STANDBY, HelixState.OFFLINE), // UNSUBSCRIBE
        (HelixState.OFFLINE, HelixState.DROPPED), // DROP_PARTITION, customized-view entry deleted
        (HelixState.ERROR, HelixState.DROPPED), // drop
        (HelixState.ERROR, HelixState.OFFLINE), // no-op in Venice
        (HelixState.DROPPED, HelixState.OFFLINE), // no-op in Venice
    ];

    /// <summary>The legal transitions in table order.</summary>
    public static IReadOnlyList<(HelixState From, HelixState To)> Table => Legal;

    public static bool IsLegal(HelixState from, HelixState to)
    {
        foreach (var (legalFrom, legalTo) in Legal)
        {
            if (legalFrom == from && legalTo == to) return true;
        }
        return false;
    }

    /// <summary>
    /// The first transition on the shortest legal path from <paramref name="from"/> to
    /// <paramref name="target"/> (what Helix's controller sends next), or null when the replica is there
    /// already or cannot get there. Breadth-first over the table in table order, so the answer is fixed.
    /// </summary>
    public static HelixState? NextStepToward(HelixState from, HelixState target)
    {
        if (from == target) return null;
        var firstStep = new SortedDictionary<HelixState, HelixState>();
        var frontier = new Queue<HelixState>();
        frontier.Enqueue(from);
        while (frontier.Count > 0)
        {
            var state = frontier.Dequeue();
            foreach (var (legalFrom, legalTo) in Legal)
            {
                if (legalFrom != state || legalTo == from || firstStep.ContainsKey(legalTo)) continue;
                var step = state == from ? legalTo : firstStep[state];
                if (legalTo == target) return step;
                firstStep.Add(legalTo, step);
                frontier.Enqueue(legalTo);
            }
        }
        return null;
    }
}
