namespace Venice.Core.Reporting;

/// <summary>
/// Venice's VeniceNotifier: where a replica's ingestion milestones go. Each report returns whether it
/// was fully recorded; a server cut off from the metadata store gets false and retries the report
/// later (a report lost for good would leave the CV and push status behind the replica forever).
/// </summary>
public interface IIngestionNotifier
{
    bool Started(ReplicaId replica);

    bool EndOfPushReceived(ReplicaId replica, long vtOffset);

    bool TopicSwitchReceived(ReplicaId replica, long vtOffset);

    bool Completed(ReplicaId replica, long vtOffset);

    bool Error(ReplicaId replica, string message);

    /// <summary>The replica was dropped (Helix OFFLINE→DROPPED): its CV entry must go.</summary>
    void Dropped(ReplicaId replica);
}
