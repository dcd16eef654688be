namespace Venice.Core.Controller;

/// <summary>
/// The one transition table of a push's status (docs/venice-write-path.md §7):
/// STARTED → {END_OF_PUSH_RECEIVED, COMPLETED, ERROR}; END_OF_PUSH_RECEIVED → {COMPLETED, ERROR}.
/// COMPLETED and ERROR are terminal.
/// </summary>
public static class PushStatusTransitions
{
    public static bool IsLegal(PushDecision from, PushDecision to) => (from, to) switch
    {
        (PushDecision.Started, PushDecision.EndOfPushReceived or PushDecision.Completed or PushDecision.Error) => true,
        (PushDecision.EndOfPushReceived, PushDecision.Completed or PushDecision.Error) => true,
        _ => false,
    };

    /// <summary>Asserts a push status change is on the table: anything else is a bug in Core.</summary>
    /// <exception cref="WritePathAssertionException">The transition is illegal.</exception>
    public static void Require(StoreVersion version, PushDecision from, PushDecision to)
    {
        if (!IsLegal(from, to))
        {
            throw new WritePathAssertionException($"{version}: illegal push status transition {from} -> {to}");
        }
    }

    /// <summary>
    /// A decision behind the push's status is not a transition: the decider sees only each replica's
    /// latest report, so a push at END_OF_PUSH_RECEIVED decides STARTED again when its replicas restart
    /// and report STARTED anew. A push's status never moves back.
    /// </summary>
    public static bool IsBehind(PushDecision decision, PushDecision status) => Rank(decision) < Rank(status);

    private static int Rank(PushDecision status) => status switch
    {
        PushDecision.Started => 0,
        PushDecision.EndOfPushReceived => 1,
        _ => 2,
    };

    public static bool IsTerminal(PushDecision status) => status is PushDecision.Completed or PushDecision.Error;
}
