using Venice.Core.Environment;

namespace Venice.Sim.InMemory;

/// <summary>
/// Virtual time in milliseconds. Only the simulation loop moves it, and only forward: a clock
/// that went backwards would make every timeout in Core meaningless.
/// </summary>
public sealed class SimClock : IClock
{
    public SimClock(long startMs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startMs);
        NowMs = startMs;
    }

    public long NowMs { get; private set; }

    /// <summary>Moves time to <paramref name="ms"/>; moving to the current time is allowed, backwards is a bug.</summary>
    public void AdvanceTo(long ms)
    {
        if (ms < NowMs)
        {
            throw new InvalidOperationException($"SimClock cannot go backwards: now {NowMs} ms, asked for {ms} ms.");
        }

        NowMs = ms;
    }

    public void AdvanceBy(long ms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ms);
        AdvanceTo(checked(NowMs + ms));
    }

    public override string ToString() => $"{NowMs} ms";
}
