using Venice.Core.LeaderFollower;
using Venice.Core.Reporting;
using Venice.Core.Storage;

namespace Venice.Core.Ingestion;

/// <summary>
/// One partition's ingestion state inside a store ingestion task (Venice's PartitionConsumptionState).
/// Lives from subscription to unsubscription; a crash loses it, and the next subscription rebuilds it
/// from the checkpoint (OffsetRecord) in storage. The state is three parts, each changed by one owner:
/// <see cref="VersionTopic"/> by the drainer, <see cref="Leadership"/> by promotion/demotion and the
/// leader's replay, <see cref="Reports"/> by the status reporter. Everyone else reads it through
/// <see cref="IPartitionConsumptionView"/>.
/// </summary>
internal sealed class PartitionConsumptionState : IPartitionConsumptionView
{
    public PartitionConsumptionState(ReplicaId replica, IStoragePartition storage, VersionTopicProgress versionTopic)
    {
        Replica = replica;
        Storage = storage;
        VersionTopic = versionTopic;
        Leadership = new LeadershipState(replica);
    }

    public ReplicaId Replica { get; }

    public int Partition => Replica.Partition;

    public IStoragePartition Storage { get; }

    public VersionTopicProgress VersionTopic { get; }

    public LeadershipState Leadership { get; }

    public ReplicaReportState Reports { get; } = new();

    public bool Errored => Reports.Errored;

    public bool Completed => Reports.Completed;

    public bool ConsumesUpstream => Leadership.ConsumesUpstream;

    long IPartitionConsumptionView.NextVtOffset => VersionTopic.NextVtOffset;
    long IPartitionConsumptionView.LastProcessedVtOffset => VersionTopic.LastProcessedVtOffset;
    bool IPartitionConsumptionView.EndOfPushReceived => VersionTopic.EndOfPushReceived;
    bool IPartitionConsumptionView.TopicSwitchReceived => VersionTopic.TopicSwitchReceived;
    string? IPartitionConsumptionView.TopicSwitchSourceTopic => VersionTopic.TopicSwitchSourceTopic;
    long IPartitionConsumptionView.RewindStartTimestampMs => VersionTopic.RewindStartTimestampMs;
    long IPartitionConsumptionView.UpstreamOffset => VersionTopic.UpstreamOffset;
    int IPartitionConsumptionView.LeaderHostId => VersionTopic.LeaderHostId;
    long IPartitionConsumptionView.LastVtRecordConsumedAtMs => VersionTopic.LastVtRecordConsumedAtMs;
    ExecutionStatus? IPartitionConsumptionView.LastReportedStatus => Reports.LastReported;
    LeaderFollowerState IPartitionConsumptionView.LeaderFollowerState => Leadership.State;
    string? IPartitionConsumptionView.LeaderTopic => Leadership.LeaderTopic;
    long IPartitionConsumptionView.NextUpstreamOffset => Leadership.NextUpstreamOffset;
    long IPartitionConsumptionView.LeaderTerm => Leadership.Term;
    long IPartitionConsumptionView.DeclarationOffset => Leadership.DeclarationOffset;
    bool IPartitionConsumptionView.DeclarationConsumed => Leadership.DeclarationConsumed;
    long IPartitionConsumptionView.PromotionStartedAtMs => Leadership.PromotionStartedAtMs;
    long IPartitionConsumptionView.LastProducedVtOffset => Leadership.LastProducedVtOffset;
    int IPartitionConsumptionView.PendingPersistCount => Leadership.PendingPersist.Count;
}
