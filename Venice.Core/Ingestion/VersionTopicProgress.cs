using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// What the drainer knows of the local VT: positions, the DIV state, the control messages seen and the
/// leader metadata of the last record applied. Everything here is checkpointed in the OffsetRecord.
/// Changed only by <see cref="VersionTopicDrainer"/> (and set once when a subscription restores it).
/// </summary>
internal sealed class VersionTopicProgress(PartitionTracker drainerDiv)
{
    /// <summary>The drainer's DIV state; checkpointed with the offset.</summary>
    public PartitionTracker DrainerDiv { get; } = drainerDiv;

    public long NextVtOffset { get; set; }

    public long LastProcessedVtOffset { get; set; } = -1;

    public bool EndOfPushReceived { get; set; }

    public bool TopicSwitchReceived { get; set; }

    public string? TopicSwitchSourceTopic { get; set; }

    public long RewindStartTimestampMs { get; set; } = -1;

    public long UpstreamOffset { get; set; } = -1;

    public int LeaderHostId { get; set; } = -1;

    /// <summary>Bytes processed since the last checkpoint (drives syncBytesInterval).</summary>
    public long BytesSinceSync { get; set; }

    public long LastVtRecordConsumedAtMs { get; set; }

    /// <summary>The TOPIC_SWITCH arrived and named an RT: a hybrid replica may measure its lag and a leader may switch.</summary>
    public bool HasUpstream => TopicSwitchReceived && TopicSwitchSourceTopic is not null;
}
