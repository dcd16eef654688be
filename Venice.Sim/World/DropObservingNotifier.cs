using Venice.Core;
using Venice.Core.Metadata;
using Venice.Core.Reporting;

namespace Venice.Sim.World;

/// <summary>
/// A server's ingestion notifier as the harness builds it: every call goes to the real notifier
/// unchanged, and after <see cref="Dropped"/> (the ingestion task ran DROP_PARTITION) the
/// view-consistency checker is told, with whether the server could reach the metadata store then.
/// It only watches: results and effects are the real notifier's.
/// </summary>
public sealed class DropObservingNotifier(IIngestionNotifier inner, IReplicaViewListener checker,
    IMetadataStore sharedMetadata, Func<bool> metadataReachable) : IIngestionNotifier
{
    public bool Started(ReplicaId replica) => inner.Started(replica);

    public bool EndOfPushReceived(ReplicaId replica, long vtOffset) => inner.EndOfPushReceived(replica, vtOffset);

    public bool TopicSwitchReceived(ReplicaId replica, long vtOffset) => inner.TopicSwitchReceived(replica, vtOffset);

    public bool Completed(ReplicaId replica, long vtOffset) => inner.Completed(replica, vtOffset);

    public bool Error(ReplicaId replica, string message) => inner.Error(replica, message);

    public void Dropped(ReplicaId replica)
    {
        bool reachable = metadataReachable();
        inner.Dropped(replica);
        checker.DropProcessed(sharedMetadata, replica, reachable);
    }
}
