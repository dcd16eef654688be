namespace Venice.Core.Ingestion;

/// <summary>What a Helix transition asks the ingestion task to do (Venice's ConsumerActionType).</summary>
public enum ConsumerActionType
{
    Subscribe,
    Unsubscribe,
    StandbyToLeader,
    LeaderToStandby,
    DropPartition,
    Kill,
}

/// <summary>
/// A queued action. Ordered by priority (KILL 2, others 1; higher first) then by sequence number, as
/// Venice's ConsumerAction. SessionId is the partition's session when the action was queued: a
/// leader/standby action whose session is stale by the time it runs is a no-op.
/// </summary>
public sealed record ConsumerAction(ConsumerActionType Type, int Partition, long Sequence, long SessionId)
{
    public int Priority => Type == ConsumerActionType.Kill ? 2 : 1;

    public int Attempts { get; set; }
}

/// <summary>Orders actions: higher priority first, then lower sequence first.</summary>
public sealed class ConsumerActionOrder : IComparer<ConsumerAction>
{
    public static ConsumerActionOrder Instance { get; } = new();

    public int Compare(ConsumerAction? x, ConsumerAction? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int priority = y.Priority.CompareTo(x.Priority);
        return priority != 0 ? priority : x.Sequence.CompareTo(y.Sequence);
    }
}
