namespace Venice.Sim;

/// <summary>
/// A recorded Coyote schedule that cannot be replayed on the world it is given: damaged, or recorded
/// for another scenario, seed or simulator version. Bad input (exit code 2 on the command line), not a
/// bug of the simulator: Coyote's replay dereferences or rejects what it cannot follow.
/// </summary>
public sealed class UnreplayableScheduleException : ArgumentException
{
    public UnreplayableScheduleException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
