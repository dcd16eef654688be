using Venice.Sim.InMemory;

namespace Venice.Sim.Faults;

/// <summary>
/// Who decides where a scenario's `random:` faults land: at which milestone (and which occurrence), or
/// when; on which server; for how long. The seeded run draws from the world's seed; a Coyote test hands
/// in Coyote's controlled generator, so the placements become choices Coyote explores and records in its
/// reproducible trace.
/// </summary>
public interface IFaultChoices
{
    /// <summary>A time in [0, <paramref name="windowMs"/>).</summary>
    long TimeWithin(long windowMs);

    /// <summary>A server index in [0, <paramref name="servers"/>).</summary>
    int Server(int servers);

    /// <summary>A duration in [<paramref name="minMs"/>, <paramref name="maxMs"/>).</summary>
    long DurationBetween(long minMs, long maxMs);

    /// <summary>One of <paramref name="options"/> alternatives, 0-based (a milestone from a menu, an occurrence).</summary>
    int Choose(int options);
}

/// <summary>Placements drawn from a seeded stream: the same seed places the same faults.</summary>
public sealed class SeededFaultChoices(SeededRandom random) : IFaultChoices
{
    public long TimeWithin(long windowMs) => (long)(random.NextDouble() * windowMs);

    public int Server(int servers) => random.NextInt(servers);

    public long DurationBetween(long minMs, long maxMs) => minMs + (long)(random.NextDouble() * (maxMs - minMs));

    public int Choose(int options) => random.NextInt(options);
}
