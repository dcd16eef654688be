using Venice.Core.Reporting;

namespace Venice.Core.Ingestion;

/// <summary>
/// What one incarnation of a replica has told the rest of the cluster: completion, failure, its last
/// report and a report still waiting to reach the metadata store. Changed only by
/// <see cref="ReplicaStatusReporter"/>.
/// </summary>
internal sealed class ReplicaReportState
{
    public bool Completed { get; set; }

    public bool Errored { get; set; }

    public ExecutionStatus? LastReported { get; set; }

    /// <summary>The latest status report the metadata store did not take, retried until one lands.</summary>
    public UnrecordedReport? Unrecorded { get; set; }
}

/// <summary>A status report that failed to reach the metadata store, and when to try it again.</summary>
public sealed record UnrecordedReport(ExecutionStatus Status, string? Message, long RetryAtMs);
