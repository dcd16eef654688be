namespace Venice.Core.Reporting;

/// <summary>Venice's VeniceNotifier: where a replica's ingestion milestones go.</summary>
public interface IIngestionNotifier
{
    void Started(ReplicaId replica);

    void EndOfPushReceived(ReplicaId replica, long vtOffset);

    void TopicSwitchReceived(ReplicaId replica, long vtOffset);

    void Completed(ReplicaId replica, long vtOffset);

    void Error(ReplicaId replica, string message);

    /// <summary>The replica was dropped (Helix OFFLINE→DROPPED): its CV entry must go.</summary>
    void Dropped(ReplicaId replica);
}
