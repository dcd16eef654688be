namespace Venice.Core.Reporting;

/// <summary>A store-version's status as Venice's controller keeps it (subset of Venice's VersionStatus).</summary>
public enum VersionStatus
{
    NOT_CREATED,
    STARTED,
    /// <summary>Push completed but the current-version swap is deferred.</summary>
    PUSHED,
    ONLINE,
    ERROR,
}
