using Venice.Core.Helix;
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
/// Venice's DisableReplicaCallback: the controller's way to take an errored leader out of service (Helix
/// disables the replica, it goes OFFLINE, and another replica is elected), and to tell the decider which
/// OFFLINE replicas are disabled ones, so their ERROR still counts.
/// </summary>
public interface IDisabledReplicaCallback
{
    /// <summary>Whether the controller disabled <paramref name="server"/>'s replica of <paramref name="partition"/>.</summary>
    bool IsReplicaDisabled(ServerId server, int partition);

    /// <summary>Disables the replica: called for an ERROR leader that is not disabled yet.</summary>
    void DisableReplica(ServerId server, int partition);
}

/// <summary>
/// Venice's PushStatusDecider (docs/venice-write-path.md §7), rule for rule as
/// <c>PushStatusDecider.getPartitionStatus</c> and <c>checkPushStatusAndDetailsByPartitionsStatus</c> have them.
/// Per partition, over the instances the external view lists (a replica with no report counts as STARTED):
/// COMPLETED if some replica is COMPLETED, #COMPLETED ≥ R − tolerated and every LEADER is COMPLETED; else ERROR if some replica is ERROR and #ERROR + #disabled OFFLINE replicas &gt;
/// #instances − R + tolerated; else END_OF_PUSH_RECEIVED if some replica's status is END_OF_PUSH_RECEIVED;
/// else STARTED.
/// One deliberate difference (docs/write-path.md, "Parity with Venice's tests"): Venice lets a partition
/// with no LEADER in the external view complete on its followers alone; the model requires a LEADER. The
/// leader condition exists because followers can report COMPLETED before the leader has replayed the
/// real-time topic, and a view without a LEADER (the first promotion not yet published) is exactly when
/// that happens; the model keeps the condition there too, so a hybrid version never goes ONLINE before
/// any leader has served it.
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

    /// <param name="statuses">Each replica's latest status (from the ZK partition push status).</param>
    /// <param name="instances">The partition's instances in the external view and their Helix states;
    /// reports from servers not listed here do not count (a new replica not yet in the view, or a crashed one).</param>
    /// <param name="replicationFactor">The push's replication factor.</param>
    /// <param name="partition">The partition, for the callback.</param>
    /// <param name="callback">The controller's disabled-replica callback; null when the controller disables
    /// nothing (Venice passes null unless <c>controller.disable.error.leader.replica</c> is on).</param>
    public PushDecision DecidePartition(ReplicaStatusMap statuses, IReadOnlyDictionary<ServerId, HelixState> instances,
        int replicationFactor, int partition = 0, IDisabledReplicaCallback? callback = null)
    {
        int completed = 0, errored = 0, endOfPush = 0, previouslyDisabled = 0;
        bool leaderCompleted = true, anyLeader = false;
        foreach (var (server, helixState) in instances)
        {
            ExecutionStatus status = CurrentStatus(statuses, server);
            if (helixState == HelixState.LEADER)
            {
                anyLeader = true;
                if (status != ExecutionStatus.COMPLETED) leaderCompleted = false;
                if (status == ExecutionStatus.ERROR && callback is not null && !callback.IsReplicaDisabled(server, partition))
                {
                    callback.DisableReplica(server, partition);
                }
            }
            else if (helixState == HelixState.OFFLINE && callback is not null && callback.IsReplicaDisabled(server, partition))
            {
                // A disabled replica is left out of the counts but still weighs toward ERROR.
                previouslyDisabled++;
                continue;
            }
            switch (status)
            {
                case ExecutionStatus.COMPLETED: completed++; break;
                case ExecutionStatus.ERROR: errored++; break;
                case ExecutionStatus.END_OF_PUSH_RECEIVED: endOfPush++; break;
            }
        }
        leaderCompleted &= anyLeader; // the model's one difference from Venice (see the summary)
        if (ignoreLeader) leaderCompleted = true; // DEFECT decider-ignores-leader
        if (completed > 0 && completed >= replicationFactor - Tolerated && leaderCompleted) return PushDecision.Completed;
        if (errored > 0 && errored + previouslyDisabled > instances.Count - replicationFactor + Tolerated) return PushDecision.Error;
        return endOfPush > 0 ? PushDecision.EndOfPushReceived : PushDecision.Started;
    }

    /// <summary>
    /// A replica's current status as Venice's <c>getReplicaCurrentStatus</c> reads it: the latest
    /// "determined" status in its history (STARTED, END_OF_PUSH_RECEIVED, COMPLETED, ERROR), STARTED when
    /// it has none. The model keeps only the latest report, so a TOPIC_SWITCH_RECEIVED (not determined;
    /// always reported after the replica's END_OF_PUSH_RECEIVED) stands for that END_OF_PUSH_RECEIVED.
    /// </summary>
    public static ExecutionStatus CurrentStatus(ReplicaStatusMap statuses, ServerId server)
    {
        if (!statuses.TryGet(server, out var status)) return ExecutionStatus.STARTED;
        return status switch
        {
            ExecutionStatus.STARTED or ExecutionStatus.END_OF_PUSH_RECEIVED or ExecutionStatus.COMPLETED or ExecutionStatus.ERROR => status,
            ExecutionStatus.TOPIC_SWITCH_RECEIVED => ExecutionStatus.END_OF_PUSH_RECEIVED,
            _ => ExecutionStatus.STARTED,
        };
    }

    /// <summary>
    /// Venice's version rule: ERROR when any partition is; COMPLETED when every partition is;
    /// END_OF_PUSH_RECEIVED when every partition is END_OF_PUSH_RECEIVED or COMPLETED; otherwise STARTED.
    /// </summary>
    public static PushDecision DecideVersion(IReadOnlyList<PushDecision> partitions)
    {
        if (partitions.Count == 0) return PushDecision.Started;
        if (partitions.Any(p => p == PushDecision.Error)) return PushDecision.Error;
        if (partitions.All(p => p == PushDecision.Completed)) return PushDecision.Completed;
        return partitions.All(p => p is PushDecision.EndOfPushReceived or PushDecision.Completed)
            ? PushDecision.EndOfPushReceived
            : PushDecision.Started;
    }
}
