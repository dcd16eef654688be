using Venice.Sim.Faults;
using CoyoteRandom = Microsoft.Coyote.Random.Generator;

namespace Venice.Sim;

/// <summary>
/// Lets Coyote place a scenario's `random:` faults: every time, server and duration is a controlled
/// choice, so Coyote's strategy explores fault placements together with interleavings, and its
/// reproducible trace replays both. Times and durations are chosen on a grid of
/// <see cref="GridMs"/>: a finite menu a systematic strategy can cover, fine enough to land a fault
/// in any phase of a small world (the push, the promotion gate, the RT replay).
/// </summary>
public sealed class CoyoteFaultChoices(CoyoteRandom choices) : IFaultChoices
{
    public const long GridMs = 250;

    public long TimeWithin(long windowMs) => GridMs * choices.NextInteger(Slots(windowMs));

    public int Server(int servers) => choices.NextInteger(servers);

    public long DurationBetween(long minMs, long maxMs) => minMs + GridMs * choices.NextInteger(Slots(maxMs - minMs));

    private static int Slots(long spanMs) => (int)Math.Max(1, spanMs / GridMs);
}
