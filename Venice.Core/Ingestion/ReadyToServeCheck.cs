using Venice.Core.LeaderFollower;
using Venice.Core.Log;
using Venice.Core.Reporting;

namespace Venice.Core.Ingestion;

/// <summary>
/// Ready to serve (docs/venice-write-path.md §6) for the partitions of one ingestion task: when a replica may report
/// COMPLETED, the hybrid offset lag that decides it, and the fast path on restart.
/// </summary>
internal sealed class ReadyToServeCheck(IngestionContext context, StoreConfig store, StoreVersion version,
    int versionTopicPartitionCount, ReplicaStatusReporter reporter)
{
    // Formatted once: the lag is measured after every batch of a STANDBY hybrid replica.
    private readonly string versionTopic = version.VersionTopic;

    private long HybridLagThreshold => Math.Max(store.OffsetLagThresholdToGoOnline / Math.Max(versionTopicPartitionCount, 1), 1);

    /// <summary>
    /// A batch-only replica is ready at END_OF_PUSH; a hybrid one also needs TOPIC_SWITCH and an offset
    /// lag within max(threshold / partitions, 1).
    /// </summary>
    public void Check(PartitionConsumptionState state)
    {
        if (state.Completed || state.Errored) return;
        if (!state.VersionTopic.EndOfPushReceived && !context.Options.Defects.CompleteBeforeEop) return; // DEFECT complete-before-eop skips this
        if (store.IsHybrid)
        {
            if (!state.VersionTopic.HasUpstream) return;
            bool skipLagCheck = context.Options.Defects.FollowerSkipsLagCheck && state.Leadership.State == LeaderFollowerState.STANDBY; // DEFECT follower-skips-lag-check
            if (!skipLagCheck && OffsetLag(state) > HybridLagThreshold) return;
        }
        reporter.ReportCompleted(state);
    }

    /// <summary>
    /// Venice's fast ready-to-serve on restart (docs/venice-write-path.md §5 step 4): a hybrid replica that was ready
    /// at its last checkpoint may report COMPLETED at once if its offset lag grew by less than twice the
    /// threshold since.
    /// </summary>
    public bool MayServeAtOnce(PartitionConsumptionState state, OffsetRecord checkpoint) =>
        store.IsHybrid && checkpoint.ReadyToServe && state.VersionTopic.EndOfPushReceived && state.VersionTopic.TopicSwitchReceived &&
        OffsetLag(state) - checkpoint.OffsetLag < 2 * HybridLagThreshold;

    /// <summary>The lag a checkpoint records: only a hybrid replica past TOPIC_SWITCH has one.</summary>
    public long CheckpointedOffsetLag(PartitionConsumptionState state) =>
        store.IsHybrid && state.VersionTopic.TopicSwitchSourceTopic is not null ? OffsetLag(state) : 0;

    /// <summary>
    /// The replica's offset lag for the hybrid ready-to-serve check. A replica that leads (or is taking
    /// over) is measured against the RT: RT end minus the next upstream offset it needs (its own RT
    /// position, or the last upstream offset recorded in the VT it applied). A STANDBY replica is
    /// measured against the local VT, as Venice's followers are; Venice adds the leader-complete signal
    /// for followers, which the model does not have (docs/write-path.md): the decider's requirement that
    /// the external-view leader be COMPLETED is what ties a version's readiness to the RT replay.
    /// </summary>
    public long OffsetLag(PartitionConsumptionState state)
    {
        var vt = state.VersionTopic;
        if (vt.TopicSwitchSourceTopic is null) return long.MaxValue;
        if (state.Leadership.State == LeaderFollowerState.STANDBY)
        {
            long vtEnd = context.Log.EndOffset(new TopicPartition(versionTopic, state.Partition));
            return Math.Max(0, vtEnd - vt.NextVtOffset);
        }
        long end = context.Log.EndOffset(new TopicPartition(vt.TopicSwitchSourceTopic, state.Partition));
        long next = state.ConsumesUpstream ? state.Leadership.NextUpstreamOffset : vt.UpstreamOffset + 1;
        return Math.Max(0, end - next);
    }
}
