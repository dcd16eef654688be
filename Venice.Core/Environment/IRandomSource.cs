using Venice.Core.Messages;

namespace Venice.Core.Environment;

/// <summary>The only source of ids and randomness Core may use; seeded in the simulation.</summary>
public interface IRandomSource
{
    ulong NextUInt64();

    /// <summary>Uniform in [0, exclusiveMax). exclusiveMax must be positive.</summary>
    int NextInt(int exclusiveMax);

    /// <summary>A producer GUID (Venice uses a random type-4 UUID).</summary>
    ProducerGuid NextProducerGuid();
}
