namespace Venice.Core.Controller;

/// <summary>
/// The one transition table of a push's status (WRITE_PATH.md §7):
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

    public static bool IsTerminal(PushDecision status) => status is PushDecision.Completed or PushDecision.Error;
}
