using Venice.Core.Metadata;

namespace Venice.Core.Reporting;

/// <summary>
/// Venice's PushStatusNotifier: writes the customized view (CV, what routers serve from) and the ZK
/// offline push status (what the controller decides from), with Venice's rules (docs/venice-write-path.md §6):
/// started and error go to CV and ZK; end-of-push and topic-switch to ZK only; completed goes to the
/// CV first (retried) and, if the CV write fails, ZK is skipped.
/// </summary>
public sealed class PushStatusNotifier : IIngestionNotifier
{
    /// <summary>Venice retries the CV write of COMPLETED 5 times.</summary>
    public const int CompletedCustomizedViewAttempts = 5;

    /// <summary>Compare-and-set retries on the shared partition status node before giving up.</summary>
    public const int PushStatusCasAttempts = 16;

    private readonly IMetadataStore metadata;
    private readonly Defects.SeededDefects defects;

    public PushStatusNotifier(IMetadataStore metadata, Defects.SeededDefects? defects = null)
    {
        this.metadata = metadata;
        this.defects = defects ?? Defects.SeededDefects.None;
    }

    public bool Started(ReplicaId replica)
    {
        bool view = WriteCustomizedView(replica, ExecutionStatus.STARTED, attempts: 1);
        return WritePushStatus(replica, ExecutionStatus.STARTED) && view;
    }

    public bool EndOfPushReceived(ReplicaId replica, long vtOffset) =>
        WritePushStatus(replica, ExecutionStatus.END_OF_PUSH_RECEIVED);

    public bool TopicSwitchReceived(ReplicaId replica, long vtOffset) =>
        WritePushStatus(replica, ExecutionStatus.TOPIC_SWITCH_RECEIVED);

    public bool Completed(ReplicaId replica, long vtOffset) =>
        WriteCustomizedView(replica, ExecutionStatus.COMPLETED, CompletedCustomizedViewAttempts) &&
        WritePushStatus(replica, ExecutionStatus.COMPLETED);

    public bool Error(ReplicaId replica, string message)
    {
        bool view = WriteCustomizedView(replica, ExecutionStatus.ERROR, attempts: 1);
        return WritePushStatus(replica, ExecutionStatus.ERROR) && view;
    }

    /// <summary>Venice deletes the CV entry of a dropped replica (OFFLINE→DROPPED).</summary>
    public void Dropped(ReplicaId replica)
    {
        if (defects.KeepCvOnDrop) return; // DEFECT keep-cv-on-drop
        string path = MetadataPaths.CustomizedViewReplica(replica.Version, replica.Partition, replica.Server);
        if (metadata.TryGet(path, out var node)) metadata.Delete(path, node.Version);
    }

    private bool WriteCustomizedView(ReplicaId replica, ExecutionStatus status, int attempts)
    {
        string path = MetadataPaths.CustomizedViewReplica(replica.Version, replica.Partition, replica.Server);
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            var result = metadata.TryGet(path, out var node)
                ? metadata.SetData(path, status.ToString(), node.Version)
                : metadata.Create(path, status.ToString());
            if (result.Succeeded) return true;
        }
        return false;
    }

    private bool WritePushStatus(ReplicaId replica, ExecutionStatus status)
    {
        string path = MetadataPaths.PartitionPushStatus(replica.Version, replica.Partition);
        for (int attempt = 0; attempt < PushStatusCasAttempts; attempt++)
        {
            MetadataResult result;
            if (metadata.TryGet(path, out var node))
            {
                var map = ReplicaStatusMap.Decode(node.Data);
                map.Set(replica.Server, status);
                result = metadata.SetData(path, map.Encode(), node.Version);
            }
            else
            {
                var map = new ReplicaStatusMap();
                map.Set(replica.Server, status);
                result = metadata.Create(path, map.Encode());
            }
            if (result.Succeeded) return true;
            if (result.Status is not (MetadataStatus.BadVersion or MetadataStatus.NodeExists)) return false;
        }
        return false;
    }
}
