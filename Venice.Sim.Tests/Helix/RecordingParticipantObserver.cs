using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Metadata;

namespace Venice.Sim.Tests.Helix;

/// <summary>Records a participant's events as short lines, in order.</summary>
public sealed class RecordingParticipantObserver : IHelixParticipantObserver
{
    public List<string> Events { get; } = new();

    public void SessionOpened(ServerId server, SessionId session) => Events.Add($"session {session}");

    public void TransitionCompleted(HelixTransitionMessage message) => Events.Add($"completed msg-{message.MessageId}");

    public void TransitionFailed(HelixTransitionMessage message, string reason) => Events.Add($"failed msg-{message.MessageId}");

    public void MessageDiscarded(HelixTransitionMessage message, HelixDiscardReason reason, HelixState current) =>
        Events.Add($"discarded msg-{message.MessageId} {reason}");

    public void ReplicaStateChanged(ReplicaId replica, HelixState from, HelixState to, string cause) =>
        Events.Add($"state {replica} {from}->{to}");
}
