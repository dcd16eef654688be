namespace Venice.Core.Ingestion;

/// <summary>
/// The ingestion task's queue of consumer actions (Venice's consumerActionsQueue), in priority then
/// sequence order, with each partition's leader/standby session: a leader/standby transition bumps the
/// session, and an action queued under an older session is stale by the time it runs.
/// </summary>
internal sealed class ConsumerActionQueue(StoreVersion version)
{
    private readonly SortedSet<ConsumerAction> actions = new(ConsumerActionOrder.Instance);
    private readonly SortedDictionary<int, long> sessionIds = new();
    private readonly SortedDictionary<int, long> pendingTerms = new();
    private long nextSequence;

    public int Count => actions.Count;

    public void Enqueue(ConsumerActionType type, int partition)
    {
        if (actions.Count >= StoreIngestionTask.MaxQueuedActions)
        {
            throw new InvalidOperationException($"consumer action queue of {version} is full ({StoreIngestionTask.MaxQueuedActions})");
        }
        sessionIds.TryGetValue(partition, out long session);
        actions.Add(new ConsumerAction(type, partition, nextSequence++, session));
    }

    /// <summary>Puts back an action that has to be tried again; it keeps its place in the order.</summary>
    public void Retry(ConsumerAction action) => actions.Add(action);

    public ConsumerAction Dequeue()
    {
        var action = actions.Min!;
        actions.Remove(action);
        return action;
    }

    /// <summary>A leader/standby transition starts a new session for the partition.</summary>
    public void StartSession(int partition)
    {
        sessionIds.TryGetValue(partition, out long session);
        sessionIds[partition] = session + 1;
    }

    public void SetPendingTerm(int partition, long term) => pendingTerms[partition] = term;

    public bool TryGetPendingTerm(int partition, out long term) => pendingTerms.TryGetValue(partition, out term);

    public bool IsStale(ConsumerAction action) =>
        sessionIds.TryGetValue(action.Partition, out long current) && current != action.SessionId;

    public bool HasSubscribeFor(int partition) =>
        actions.Any(a => a.Partition == partition && a.Type == ConsumerActionType.Subscribe);
}
