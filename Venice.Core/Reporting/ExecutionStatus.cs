namespace Venice.Core.Reporting;

/// <summary>Replica ingestion status, numbered exactly as Venice's ExecutionStatus (docs/venice-write-path.md §6).</summary>
public enum ExecutionStatus
{
    NOT_CREATED = 0,
    NEW = 1,
    STARTED = 2,
    PROGRESS = 3,
    END_OF_PUSH_RECEIVED = 4,
    /// <summary>Deprecated in Venice; never reported by the model.</summary>
    START_OF_BUFFER_REPLAY_RECEIVED = 5,
    TOPIC_SWITCH_RECEIVED = 6,
    START_OF_INCREMENTAL_PUSH_RECEIVED = 7,
    END_OF_INCREMENTAL_PUSH_RECEIVED = 8,
    /// <summary>Deprecated in Venice; never reported by the model.</summary>
    DROPPED = 9,
    COMPLETED = 10,
    /// <summary>Deprecated in Venice; never reported by the model.</summary>
    WARNING = 11,
    ERROR = 12,
    CATCH_UP_BASE_TOPIC_OFFSET_LAG = 13,
    ARCHIVED = 14,
    UNKNOWN = 15,
    NOT_STARTED = 16,
    DATA_RECOVERY_COMPLETED = 17,
}

/// <summary>Questions about an <see cref="ExecutionStatus"/>: is it terminal, and parsing one by its Venice name.</summary>
public static class ExecutionStatusExtensions
{
    /// <summary>Venice's terminal statuses: EOIP, COMPLETED, ERROR, ARCHIVED.</summary>
    public static bool IsTerminal(this ExecutionStatus status) => status is
        ExecutionStatus.END_OF_INCREMENTAL_PUSH_RECEIVED or ExecutionStatus.COMPLETED or
        ExecutionStatus.ERROR or ExecutionStatus.ARCHIVED;

    public static bool TryParse(string text, out ExecutionStatus status) =>
        Enum.TryParse(text, ignoreCase: false, out status) && Enum.IsDefined(status);
}
