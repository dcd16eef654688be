using Venice.Core.Reporting;

namespace Venice.Core.Controller;

/// <summary>Venice's offline push strategies (default.offline.push.strategy).</summary>
public enum PushStrategy
{
    /// <summary>Tolerates one replica per partition not completing (Venice's default).</summary>
    WaitNMinusOne,
    WaitAll,
}

/// <summary>A partition's (or a push's) decided status.</summary>
public enum PushDecision
{
    Started,
    EndOfPushReceived,
    Completed,
    Error,
}

/// <summary>
/// Venice's PushStatusDecider (docs/venice-write-path.md §7), per partition from each replica's latest status:
/// COMPLETED if #COMPLETED ≥ R − tolerated and the EV leader is COMPLETED; ERROR if
/// #ERROR + disabled > #instances − R + tolerated; END_OF_PUSH if any replica has it.
/// </summary>
public sealed class PushStatusDecider
{
    private readonly bool ignoreLeader;

    public PushStatusDecider(PushStrategy strategy, Defects.SeededDefects? defects = null)
    {
        Strategy = strategy;
        ignoreLeader = defects?.DeciderIgnoresLeader ?? false;
    }

    public PushStrategy Strategy { get; }

    public int Tolerated => Strategy == PushStrategy.WaitNMinusOne ? 1 : 0;

    /// <param name="replicas">Each replica's latest status (from the ZK partition push status).</param>
    /// <param name="externalViewLeader">The partition's LEADER in the external view, if any.</param>
    /// <param name="instances">How many replicas the partition is assigned.</param>
    /// <param name="disabledReplicas">Replicas the controller disabled (e.g. an errored leader).</param>
    public PushDecision DecidePartition(ReplicaStatusMap replicas, ServerId? externalViewLeader,
        int replicationFactor, int instances, int disabledReplicas = 0)
    {
        int completed = replicas.CountOf(ExecutionStatus.COMPLETED);
        int errored = replicas.CountOf(ExecutionStatus.ERROR);
        bool leaderCompleted = ignoreLeader || // DEFECT decider-ignores-leader
            externalViewLeader is { } leader &&
            replicas.TryGet(leader, out var leaderStatus) && leaderStatus == ExecutionStatus.COMPLETED;
        if (completed >= replicationFactor - Tolerated && leaderCompleted) return PushDecision.Completed;
        if (errored + disabledReplicas > instances - replicationFactor + Tolerated) return PushDecision.Error;
        foreach (var (_, status) in replicas.Entries)
        {
            if (status is ExecutionStatus.END_OF_PUSH_RECEIVED or ExecutionStatus.TOPIC_SWITCH_RECEIVED or ExecutionStatus.COMPLETED)
            {
                return PushDecision.EndOfPushReceived;
            }
        }
        return PushDecision.Started;
    }

    /// <summary>A version is COMPLETED when all partitions are, ERROR when any is.</summary>
    public static PushDecision DecideVersion(IReadOnlyList<PushDecision> partitions)
    {
        if (partitions.Count == 0) return PushDecision.Started;
        if (partitions.Any(p => p == PushDecision.Error)) return PushDecision.Error;
        if (partitions.All(p => p == PushDecision.Completed)) return PushDecision.Completed;
        return partitions.Any(p => p is PushDecision.EndOfPushReceived or PushDecision.Completed)
            ? PushDecision.EndOfPushReceived
            : PushDecision.Started;
    }
}
