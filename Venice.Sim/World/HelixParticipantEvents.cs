using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;

namespace Venice.Sim.World;

/// <summary>
/// Connects a server's Helix participant to the harness, as an observer only (the participant itself
/// acknowledges its messages on the bus, its <see cref="IHelixMessageQueue"/>): every state change goes to the trace,
/// and illegal transitions go to the view-consistency checker (which learns of drops from the
/// server's ingestion, once DROP_PARTITION ran, not from the DROPPED state).
/// </summary>
public sealed class HelixParticipantEvents : IHelixParticipantObserver
{
    private readonly IWritePathObserver trace;
    private readonly IReplicaViewListener? viewChecker;

    public HelixParticipantEvents(IWritePathObserver trace, IReplicaViewListener? viewChecker)
    {
        this.trace = trace;
        this.viewChecker = viewChecker;
    }

    // The session the participant holds (the last it opened), for the session-fencing checker.
    private SessionId? session;

    public void SessionOpened(ServerId server, SessionId session)
    {
        this.session = session;
        trace.Note(server.ToString(), "helix-session", $"{server} live with {session}");
    }

    public void TransitionCompleted(HelixTransitionMessage message) => viewChecker?.TransitionRan(message, session);

    public void TransitionFailed(HelixTransitionMessage message, string reason)
    {
        trace.Note(message.Target.ToString(), "helix-transition-failed", $"{message}: {reason}");
    }

    public void MessageDiscarded(HelixTransitionMessage message, HelixDiscardReason reason, HelixState current)
    {
        trace.Note(message.Target.ToString(), "helix-discard", $"{message}: {reason} (replica is {current})");
        if (reason == HelixDiscardReason.IllegalTransition) viewChecker?.IllegalTransition(message, current);
    }

    public void ReplicaStateChanged(ReplicaId replica, HelixState from, HelixState to, string cause)
    {
        trace.Note(replica.Server.ToString(), "helix-state", $"{replica} {from}->{to} ({cause})");
    }
}
