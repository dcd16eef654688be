using Venice.Sim.Faults;
using CoyoteRandom = Microsoft.Coyote.Random.Generator;

namespace Venice.Sim;

/// <summary>
/// Lets Coyote place a scenario's `random:` faults: every milestone, occurrence, server, time and duration
/// is a controlled choice, so Coyote's strategy explores fault placements together with interleavings, and
/// its reproducible trace replays both. Milestone placement (the default) needs no grid; times (under
/// `placement: time`) and durations are chosen on a grid of <see cref="GridMs"/>: a finite menu a
/// systematic strategy can cover.
/// </summary>
public sealed class CoyoteFaultChoices(CoyoteRandom choices) : IFaultChoices
{
    public const long GridMs = 250;

    public long TimeWithin(long windowMs) => GridMs * choices.NextInteger(Slots(windowMs));

    public int Server(int servers) => choices.NextInteger(servers);

    public long DurationBetween(long minMs, long maxMs) => minMs + GridMs * choices.NextInteger(Slots(maxMs - minMs));

    public int Choose(int options) => choices.NextInteger(options);

    private static int Slots(long spanMs) => (int)Math.Max(1, spanMs / GridMs);
}
