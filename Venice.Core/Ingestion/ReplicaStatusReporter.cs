using Venice.Core.Reporting;

namespace Venice.Core.Ingestion;

/// <summary>
/// Status reporting for the partitions of one ingestion task (Venice's notifiers): every report goes
/// to the observer and the notifier, along <see cref="ReplicaStatusTransitions"/>. A report the
/// metadata store did not take is kept and retried; a later report that lands supersedes it, since the
/// CV and push status hold only a replica's latest status.
/// </summary>
internal sealed class ReplicaStatusReporter(IngestionContext context)
{
    private string Actor => context.Server.ToString();

    /// <summary>
    /// complete-before-eop makes a replica report COMPLETED and then END_OF_PUSH_RECEIVED. That order
    /// is the defect the status-order invariant must catch, so Core does not stop the run on it.
    /// </summary>
    private bool OutOfOrderReportsSeeded => context.Options.Defects.CompleteBeforeEop;

    public void ReportCompleted(PartitionConsumptionState state)
    {
        state.Reports.Completed = true;
        Report(state, ExecutionStatus.COMPLETED);
    }

    public void ReportError(PartitionConsumptionState state, string message)
    {
        if (state.Reports.Errored) return;
        state.Reports.Errored = true;
        context.Observer.Note(Actor, "replica-error", $"{state.Replica}: {message}");
        // ERROR is not sent once a replica completed (docs/venice-write-path.md §6).
        if (!state.Reports.Completed) Report(state, ExecutionStatus.ERROR, message);
    }

    public void Report(PartitionConsumptionState state, ExecutionStatus status, string? message = null)
    {
        var last = state.Reports.LastReported;
        if (!ReplicaStatusTransitions.IsLegal(last, status) && !OutOfOrderReportsSeeded)
        {
            throw new WritePathAssertionException(
                $"{state.Replica}: illegal status report {last?.ToString() ?? "(none)"} -> {status} in one incarnation");
        }
        state.Reports.LastReported = status;
        context.Observer.StatusReported(state.Replica, status, state.VersionTopic.LastProcessedVtOffset);
        Publish(state, status, message);
    }

    public bool RetryDue(PartitionConsumptionState state) =>
        state.Reports.Unrecorded is { } report && report.RetryAtMs <= context.Clock.NowMs;

    public void Retry(PartitionConsumptionState state)
    {
        var report = state.Reports.Unrecorded!;
        context.Observer.Note(Actor, "report-retry", $"{state.Replica} {report.Status}");
        Publish(state, report.Status, report.Message);
    }

    private void Publish(PartitionConsumptionState state, ExecutionStatus status, string? message)
    {
        var notifier = context.Notifier;
        var replica = state.Replica;
        long offset = state.VersionTopic.LastProcessedVtOffset;
        bool recorded = status switch
        {
            ExecutionStatus.STARTED => notifier.Started(replica),
            ExecutionStatus.END_OF_PUSH_RECEIVED => notifier.EndOfPushReceived(replica, offset),
            ExecutionStatus.TOPIC_SWITCH_RECEIVED => notifier.TopicSwitchReceived(replica, offset),
            ExecutionStatus.COMPLETED => notifier.Completed(replica, offset),
            ExecutionStatus.ERROR => notifier.Error(replica, message ?? "error"),
            _ => throw new InvalidOperationException($"the model never reports {status}"),
        };
        state.Reports.Unrecorded = recorded
            ? null
            : new UnrecordedReport(status, message, context.Clock.NowMs + StoreIngestionTask.ReportRetryIntervalMs);
    }
}
