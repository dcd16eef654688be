namespace Venice.Core.Reporting;

/// <summary>
/// The one transition table for what a replica may report next within one incarnation (one
/// subscription). Used by the ingestion task to refuse an illegal report and by the status-order
/// invariant to flag one. "None" (null) is the state before the incarnation's first report.
/// </summary>
public static class ReplicaStatusTransitions
{
    private static readonly IReadOnlyDictionary<ExecutionStatus, ExecutionStatus[]> Table =
        new SortedDictionary<ExecutionStatus, ExecutionStatus[]>
        {
            [ExecutionStatus.STARTED] = [ExecutionStatus.PROGRESS, ExecutionStatus.END_OF_PUSH_RECEIVED,
                ExecutionStatus.TOPIC_SWITCH_RECEIVED, ExecutionStatus.COMPLETED, ExecutionStatus.ERROR],
            [ExecutionStatus.PROGRESS] = [ExecutionStatus.PROGRESS, ExecutionStatus.END_OF_PUSH_RECEIVED,
                ExecutionStatus.TOPIC_SWITCH_RECEIVED, ExecutionStatus.COMPLETED, ExecutionStatus.ERROR],
            [ExecutionStatus.END_OF_PUSH_RECEIVED] = [ExecutionStatus.PROGRESS,
                ExecutionStatus.TOPIC_SWITCH_RECEIVED, ExecutionStatus.COMPLETED, ExecutionStatus.ERROR],
            [ExecutionStatus.TOPIC_SWITCH_RECEIVED] = [ExecutionStatus.PROGRESS, ExecutionStatus.COMPLETED,
                ExecutionStatus.ERROR],
            // After COMPLETED only progress and topic-switch notices follow (a hybrid replica keeps
            // ingesting); ERROR is not reported once completed (docs/venice-write-path.md §6).
            [ExecutionStatus.COMPLETED] = [ExecutionStatus.PROGRESS, ExecutionStatus.TOPIC_SWITCH_RECEIVED],
            [ExecutionStatus.ERROR] = [],
        };

    /// <summary>
    /// An incarnation opens with STARTED (at START_OF_PUSH, or at once on a restart from a checkpoint),
    /// or with ERROR when the replica fails before its first report (e.g. a corrupt first record).
    /// </summary>
    public static bool IsLegal(ExecutionStatus? from, ExecutionStatus to) =>
        from is null
            ? to is ExecutionStatus.STARTED or ExecutionStatus.ERROR
            : Table.TryGetValue(from.Value, out var next) && next.Contains(to);
}
