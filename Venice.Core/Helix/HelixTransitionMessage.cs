using Venice.Core.Metadata;

namespace Venice.Core.Helix;

/// <summary>
/// A state transition message from the Helix controller to one participant: move one replica from
/// <see cref="From"/> to <see cref="To"/>. It is addressed to the participant's metadata session, as
/// Helix messages are: a participant that has since opened a new session ignores it.
/// </summary>
/// <param name="MessageId">Unique per controller, increasing in send order.</param>
/// <param name="Term">The controller's message time; Venice uses it as the leader term of a
/// STANDBY→LEADER transition. Meaningless (0) for the other transitions.</param>
public sealed record HelixTransitionMessage(
    long MessageId,
    StoreVersion Version,
    int Partition,
    ServerId Target,
    SessionId TargetSession,
    HelixState From,
    HelixState To,
    long Term)
{
    public ReplicaId Replica => new(Version, Partition, Target);

    public override string ToString() =>
        $"msg-{MessageId} {Replica} {From}->{To}{(To == HelixState.LEADER ? $" term={Term}" : "")} for {TargetSession}";
}
