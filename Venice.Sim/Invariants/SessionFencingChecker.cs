using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// session-fencing: a participant runs only the transitions addressed to the metadata session it holds.
/// Helix addresses every message to the participant's session (the message's tgtSessionId); after a
/// session reset the participant's replicas start again from OFFLINE and the controller re-sends what it
/// wants under the new session, so a message of the old session describes a world that no longer exists
/// (a STANDBY->LEADER of a term the controller has given to another replica since, an OFFLINE->STANDBY the
/// controller has since taken back). Helix's HelixTaskExecutor discards them; a participant that ran one
/// would take a role nobody gave it.
/// </summary>
public sealed class SessionFencingChecker(InvariantMonitor monitor)
{
    /// <summary>
    /// The participant of <see cref="HelixTransitionMessage.Target"/> ran <paramref name="message"/> to completion
    /// while holding <paramref name="participantSession"/>.
    /// </summary>
    public void TransitionRan(HelixTransitionMessage message, SessionId? participantSession)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (participantSession is { } held && held == message.TargetSession) return;
        string holding = participantSession is { } s ? $"holding {s}" : "holding no session";
        monitor.Report(InvariantNames.SessionFencing, $"{message.Target} ran {message} while {holding}");
    }
}
