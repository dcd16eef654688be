using Venice.Core.Metadata;

namespace Venice.Core.Helix;

/// <summary>Why a participant dropped a message without running its transition.</summary>
public enum HelixDiscardReason
{
    /// <summary>Addressed to a session this server no longer has (Helix ignores such messages).</summary>
    StaleSession,

    /// <summary>The message's from-state is not the replica's current state (e.g. a reordered or repeated message).</summary>
    StateMismatch,

    /// <summary>The replica has a transition that has not finished yet (the bootstrap latch).</summary>
    TransitionInProgress,

    /// <summary>The transition is not in <see cref="HelixTransitions"/>: a controller bug, never ignored silently.</summary>
    IllegalTransition,
}

/// <summary>
/// What a Helix participant did, for the harness (message acknowledgement, trace, invariant checkers).
/// Exactly one of <see cref="TransitionCompleted"/>, <see cref="TransitionFailed"/> and
/// <see cref="MessageDiscarded"/> is called for every message the participant takes from its inbox,
/// once it is done with it. Observers only watch.
/// </summary>
public interface IHelixParticipantObserver
{
    /// <summary>The participant opened a metadata session and registered as a live instance.</summary>
    void SessionOpened(ServerId server, SessionId session);

    /// <summary>The transition ran; the replica is in the message's to-state.</summary>
    void TransitionCompleted(HelixTransitionMessage message);

    /// <summary>The transition failed (the bootstrap latch saw ERROR or timed out); the replica is in ERROR.</summary>
    void TransitionFailed(HelixTransitionMessage message, string reason);

    /// <summary>The message was not run.</summary>
    void MessageDiscarded(HelixTransitionMessage message, HelixDiscardReason reason, HelixState current);

    /// <summary>A replica's state changed, by a message, by an ingestion error or by a session reset.</summary>
    void ReplicaStateChanged(ReplicaId replica, HelixState from, HelixState to, string cause);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullHelixParticipantObserver : IHelixParticipantObserver
{
    public static NullHelixParticipantObserver Instance { get; } = new();

    public void SessionOpened(ServerId server, SessionId session) { }
    public void TransitionCompleted(HelixTransitionMessage message) { }
    public void TransitionFailed(HelixTransitionMessage message, string reason) { }
    public void MessageDiscarded(HelixTransitionMessage message, HelixDiscardReason reason, HelixState current) { }
    public void ReplicaStateChanged(ReplicaId replica, HelixState from, HelixState to, string cause) { }
}
