using Venice.Core.LeaderFollower;
using Venice.Core.Reporting;

namespace Venice.Core.Ingestion;

/// <summary>
/// A read-only view of one partition's ingestion state, for observers, checkers and tests. Only the
/// ingestion task's own components change the state behind it, so a reader can never move a position
/// or a flag under the task's feet.
/// </summary>
public interface IPartitionConsumptionView
{
    ReplicaId Replica { get; }

    int Partition { get; }

    /// <summary>Next VT offset to read.</summary>
    long NextVtOffset { get; }

    /// <summary>Last VT offset whose record was processed (applied, skipped or rejected); -1 before any.</summary>
    long LastProcessedVtOffset { get; }

    bool EndOfPushReceived { get; }

    bool TopicSwitchReceived { get; }

    /// <summary>The RT the TOPIC_SWITCH named, once received.</summary>
    string? TopicSwitchSourceTopic { get; }

    long RewindStartTimestampMs { get; }

    /// <summary>The RT offset of the last upstream record this replica processed (leader: consumed; follower: from leader metadata); -1 if none.</summary>
    long UpstreamOffset { get; }

    /// <summary>The host that produced the last VT record with leader metadata; -1 if none.</summary>
    int LeaderHostId { get; }

    /// <summary>When this replica last consumed a VT record (the legacy promotion gate waits for VT inactivity).</summary>
    long LastVtRecordConsumedAtMs { get; }

    bool Completed { get; }

    /// <summary>An errored replica stops consuming and never checkpoints again.</summary>
    bool Errored { get; }

    /// <summary>The last status this incarnation reported; null before its first report.</summary>
    ExecutionStatus? LastReportedStatus { get; }

    LeaderFollowerState LeaderFollowerState { get; }

    /// <summary>The topic a leader consumes: the local VT before TOPIC_SWITCH, then the RT it names.</summary>
    string? LeaderTopic { get; }

    /// <summary>Next RT offset a leader reads.</summary>
    long NextUpstreamOffset { get; }

    /// <summary>The leader's term (Helix message time of STANDBY→LEADER); -1 if never promoted.</summary>
    long LeaderTerm { get; }

    /// <summary>In transition: the offset of this replica's Declaration of Leadership in the VT (-1 until produced).</summary>
    long DeclarationOffset { get; }

    /// <summary>In transition: whether this replica has consumed its own Declaration of Leadership back from the VT.</summary>
    bool DeclarationConsumed { get; }

    /// <summary>When the current STANDBY→LEADER transition started.</summary>
    long PromotionStartedAtMs { get; }

    /// <summary>VT offset of the last record the leader produced (persisted or not); -1 if none.</summary>
    long LastProducedVtOffset { get; }

    /// <summary>Records the leader produced to the VT that the drainer has not persisted yet.</summary>
    int PendingPersistCount { get; }

    /// <summary>True when this replica consumes the RT and produces to the local VT (and so must not consume the VT).</summary>
    bool ConsumesUpstream { get; }
}
