namespace Venice.Core;

/// <summary>
/// Core broke one of its own invariants (an illegal transition in one of its state tables). Always on:
/// such a state is a bug in Core, never a fault of the environment, so the run stops where it happened
/// instead of carrying a corrupt state into what the invariant checkers see later.
/// </summary>
public sealed class WritePathAssertionException : Exception
{
    public WritePathAssertionException(string message)
        : base(message)
    {
    }
}
