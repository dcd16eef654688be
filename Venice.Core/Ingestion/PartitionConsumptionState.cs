using Venice.Core.LeaderFollower;
using Venice.Core.Producer;
using Venice.Core.Storage;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// One partition's ingestion state inside a store ingestion task (Venice's PartitionConsumptionState).
/// Lives from subscription to unsubscription; a crash loses it, and the next subscription rebuilds it
/// from the checkpoint (OffsetRecord) in storage.
/// </summary>
public sealed class PartitionConsumptionState
{
    public PartitionConsumptionState(ReplicaId replica, IStoragePartition storage, PartitionTracker drainerDiv)
    {
        Replica = replica;
        Storage = storage;
        DrainerDiv = drainerDiv;
    }

    public ReplicaId Replica { get; }

    public int Partition => Replica.Partition;

    public IStoragePartition Storage { get; }

    /// <summary>The drainer's DIV state; checkpointed with the offset.</summary>
    public PartitionTracker DrainerDiv { get; private set; }

    /// <summary>Next VT offset to read.</summary>
    public long NextVtOffset { get; set; }

    /// <summary>Last VT offset whose record was processed (applied, skipped or rejected); -1 before any.</summary>
    public long LastProcessedVtOffset { get; set; } = -1;

    public bool EndOfPushReceived { get; set; }

    public bool TopicSwitchReceived { get; set; }

    public bool Completed { get; set; }

    /// <summary>Set when a leader's switch to the RT had to wait for the RT to be readable: retry then.</summary>
    public long? UpstreamSwitchRetryAtMs { get; set; }

    /// <summary>The latest status report the metadata store did not take, retried until one lands.</summary>
    public UnrecordedReport? UnrecordedReport { get; set; }

    /// <summary>An errored replica stops consuming and never checkpoints again.</summary>
    public bool Errored { get; set; }

    /// <summary>Bytes processed since the last checkpoint (drives syncBytesInterval).</summary>
    public long BytesSinceSync { get; set; }

    /// <summary>Incremented by every leader/standby transition; stale actions are no-ops.</summary>
    public long SessionId { get; set; }

    public void ReplaceDrainerDiv(PartitionTracker tracker) => DrainerDiv = tracker;

    // ---- leader/follower ---------------------------------------------------------------------------

    private LeaderFollowerState leaderFollowerState = LeaderFollowerState.STANDBY;

    /// <summary>Changes only along <see cref="LeaderFollowerTransitions"/>; anything else is a bug in the task.</summary>
    public LeaderFollowerState LeaderFollowerState
    {
        get => leaderFollowerState;
        set
        {
            if (!LeaderFollowerTransitions.IsLegal(leaderFollowerState, value))
            {
                throw new InvalidOperationException($"{Replica}: illegal leader/follower transition {leaderFollowerState} -> {value}");
            }
            leaderFollowerState = value;
        }
    }

    /// <summary>The topic a leader consumes: the local VT before TOPIC_SWITCH, then the RT it names.</summary>
    public string? LeaderTopic { get; set; }

    /// <summary>The RT offset of the last upstream record this replica processed (leader: consumed; follower: from leader metadata); -1 if none.</summary>
    public long UpstreamOffset { get; set; } = -1;

    /// <summary>The host that produced the last VT record with leader metadata; -1 if none.</summary>
    public int LeaderHostId { get; set; } = -1;

    /// <summary>The TOPIC_SWITCH's RT and rewind start, once received.</summary>
    public string? TopicSwitchSourceTopic { get; set; }

    public long RewindStartTimestampMs { get; set; } = -1;

    /// <summary>Next RT offset a leader reads.</summary>
    public long NextUpstreamOffset { get; set; }

    /// <summary>The leader's term (Helix message time of STANDBY→LEADER).</summary>
    public long LeaderTerm { get; set; } = -1;

    /// <summary>In transition: the offset of this replica's Declaration of Leadership in the VT (-1 until produced).</summary>
    public long DeclarationOffset { get; set; } = -1;

    /// <summary>In transition: whether this replica has consumed its own Declaration of Leadership back from the VT.</summary>
    public bool DeclarationConsumed { get; set; }

    public long PromotionStartedAtMs { get; set; }

    /// <summary>When this replica last consumed a VT record (the legacy promotion gate waits for VT inactivity).</summary>
    public long LastVtRecordConsumedAtMs { get; set; }

    /// <summary>The leader's producer to the local VT; null unless leading.</summary>
    public VeniceWriter? LeaderWriter { get; set; }

    /// <summary>
    /// Records the leader produced to the VT and has not persisted yet (Venice's produce callback queues
    /// them to the drainer). Bounded by <see cref="StoreIngestionTask.MaxPendingPersist"/>.
    /// </summary>
    public Queue<ProducedRecord> PendingPersist { get; } = new();

    /// <summary>VT offset of the last record the leader produced (persisted or not); -1 if none.</summary>
    public long LastProducedVtOffset { get; set; } = -1;

    /// <summary>The leader's DIV over its upstream (RT) records; ahead of the data on disk and never persisted.</summary>
    public PartitionTracker? ConsumerDiv { get; set; }

    /// <summary>True when this replica consumes the RT and produces to the local VT (and so must not consume the VT).</summary>
    public bool ConsumesUpstream =>
        LeaderFollowerState == LeaderFollowerState.LEADER && LeaderTopic is not null && LeaderTopic != Replica.Version.VersionTopic;
}

/// <summary>A record a leader produced to its local VT, waiting for the drainer: its offset and a copy of its bytes.</summary>
public sealed record ProducedRecord(long VtOffset, byte[] Bytes);

/// <summary>A status report that failed to reach the metadata store, and when to try it again.</summary>
public sealed record UnrecordedReport(Reporting.ExecutionStatus Status, string? Message, long RetryAtMs);
