using Venice.Core.LeaderFollower;
using Venice.Core.Producer;
using Venice.Core.Validation;

namespace Venice.Core.Ingestion;

/// <summary>
/// A partition's leader/follower side: its state in the leader/follower table, the promotion in
/// progress, and a leader's RT position, producer and records waiting for the drainer. Changed only by
/// <see cref="LeadershipTransitions"/> (promotion, demotion) and <see cref="LeaderReplay"/> (RT replay);
/// the drainer reports what it reads through <see cref="DeclarationRead"/> and <see cref="FollowTopicSwitch"/>.
/// </summary>
internal sealed class LeadershipState(ReplicaId replica)
{
    private LeaderFollowerState state = LeaderFollowerState.STANDBY;

    // StoreVersion.VersionTopic formats a new string per call; ConsumesUpstream is asked every step.
    private readonly string versionTopic = replica.Version.VersionTopic;

    /// <summary>Changes only along <see cref="LeaderFollowerTransitions"/>; anything else is a bug in the task.</summary>
    public LeaderFollowerState State
    {
        get => state;
        set
        {
            if (!LeaderFollowerTransitions.IsLegal(state, value))
            {
                throw new WritePathAssertionException($"{replica}: illegal leader/follower transition {state} -> {value}");
            }
            state = value;
        }
    }

    public string? LeaderTopic { get; set; }

    public long NextUpstreamOffset { get; set; }

    public long Term { get; set; } = -1;

    public long DeclarationOffset { get; set; } = -1;

    public bool DeclarationConsumed { get; set; }

    public long PromotionStartedAtMs { get; set; }

    /// <summary>
    /// Set while a promotion's Declaration of Leadership could not be produced yet: when to send it again.
    /// Read only while <see cref="IsInTransition"/>.
    /// </summary>
    public long? DeclarationResendAtMs { get; set; }

    /// <summary>Set when a leader's switch to the RT had to wait for the RT to be readable: retry then.</summary>
    public long? UpstreamSwitchRetryAtMs { get; set; }

    /// <summary>The leader's producer to the local VT; null unless leading.</summary>
    public VeniceWriter? Writer { get; set; }

    /// <summary>The leader's DIV over its upstream (RT) records; ahead of the data on disk and never persisted.</summary>
    public PartitionTracker? ConsumerDiv { get; set; }

    /// <summary>
    /// Records the leader produced to the VT and has not persisted yet (Venice's produce callback queues
    /// them to the drainer). Bounded by <see cref="StoreIngestionTask.MaxPendingPersist"/>.
    /// </summary>
    public ProducedRecordQueue PendingPersist { get; } = new();

    public long LastProducedVtOffset { get; set; } = -1;

    /// <summary>
    /// The values this leader produced and the drainer has not persisted yet, which an UPDATE must start
    /// from (Venice's transient records). Filled by <see cref="LeaderReplay"/>, emptied by the drainer
    /// as it persists, cleared on promotion and demotion.
    /// </summary>
    public TransientRecordCache TransientRecords { get; } = new();

    /// <summary>
    /// The drainer read a Declaration of Leadership back from the VT: it counts only if it is the one
    /// this replica produced for its current term, at the offset it landed at.
    /// </summary>
    public void DeclarationRead(int hostId, int selfHostId, long term, long offset)
    {
        if (hostId == selfHostId && term == Term && offset == DeclarationOffset) DeclarationConsumed = true;
    }

    /// <summary>A replica not leading follows a TOPIC_SWITCH it reads: the RT is where it would lead from.</summary>
    public void FollowTopicSwitch(string? upstream)
    {
        if (state != LeaderFollowerState.LEADER) LeaderTopic = upstream;
    }

    public bool IsInTransition => state == LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER;

    public bool ConsumesUpstream =>
        state == LeaderFollowerState.LEADER && LeaderTopic is not null && !string.Equals(LeaderTopic, versionTopic, StringComparison.Ordinal);
}
