namespace Venice.Core.Helix;

/// <summary>
/// What a Helix participant's state transitions ask of a server's ingestion (Venice's
/// LeaderFollowerPartitionStateModel → ingestion backend). Every call queues a consumer action and
/// returns at once, as in Venice; the work happens in later ingestion steps.
/// </summary>
public interface IReplicaHost
{
    /// <summary>OFFLINE→STANDBY: SUBSCRIBE.</summary>
    void Subscribe(StoreVersion version, int partition);

    /// <summary>STANDBY→OFFLINE: UNSUBSCRIBE.</summary>
    void Unsubscribe(StoreVersion version, int partition);

    /// <summary>OFFLINE→DROPPED and ERROR→DROPPED: DROP_PARTITION (storage deleted).</summary>
    void Drop(StoreVersion version, int partition);

    /// <summary>STANDBY→LEADER: the partition's session id is bumped and STANDBY_TO_LEADER queued with the term.</summary>
    void PromoteToLeader(StoreVersion version, int partition, long term);

    /// <summary>LEADER→STANDBY: the session id is bumped and LEADER_TO_STANDBY queued.</summary>
    void DemoteToStandby(StoreVersion version, int partition);

    /// <summary>How far the replica's ingestion is, for the bootstrap latch and for ERROR detection.</summary>
    ReplicaProgress ProgressOf(StoreVersion version, int partition);
}

/// <summary>A replica's ingestion progress as the Helix participant needs it.</summary>
public enum ReplicaProgress
{
    NotHosted,
    Ingesting,
    Completed,
    Errored,
}
