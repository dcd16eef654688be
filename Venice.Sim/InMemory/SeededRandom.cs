using System.Numerics;
using System.Text;
using Venice.Core.Environment;
using Venice.Core.Messages;

namespace Venice.Sim.InMemory;

/// <summary>
/// The simulation's only source of randomness: xoshiro256** (Blackman and Vigna), its 256-bit state
/// filled from a 64-bit seed by SplitMix64. The same seed gives the same sequence on every machine
/// and every run, which is what makes a failing seed a reproducible bug.
/// </summary>
public sealed class SeededRandom : IRandomSource
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SeededRandom(long seed)
    {
        Seed = seed;
        ulong splitMixState = unchecked((ulong)seed);
        _s0 = SplitMix64(ref splitMixState);
        _s1 = SplitMix64(ref splitMixState);
        _s2 = SplitMix64(ref splitMixState);
        _s3 = SplitMix64(ref splitMixState);
    }

    /// <summary>The seed this stream started from (forks report their derived seed).</summary>
    public long Seed { get; }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, exclusiveMax) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        uint range = (uint)exclusiveMax;
        ulong product = NextUInt32() * (ulong)range;
        uint low = (uint)product;
        if (low < range)
        {
            // Reject the few draws that would make small results more likely than large ones.
            uint threshold = unchecked(0u - range) % range;
            while (low < threshold)
            {
                product = NextUInt32() * (ulong)range;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// A producer GUID from two draws, with the type-4 UUID version and variant bits set as a
    /// random UUID has them, so rendered GUIDs look like Venice's.
    /// </summary>
    public ProducerGuid NextProducerGuid()
    {
        ulong high = (NextUInt64() & ~0xF000UL) | 0x4000UL;
        ulong low = (NextUInt64() & ~(0b11UL << 62)) | (0b10UL << 62);
        return new ProducerGuid(high, low);
    }

    /// <summary>
    /// An independent stream for one purpose (e.g. "faults", "scheduler"), derived from this
    /// stream's seed and the purpose name only. It does not depend on how many values were drawn
    /// here, so adding a draw in one component never shifts another component's randomness.
    /// </summary>
    public SeededRandom Fork(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        ulong mixedPurpose = unchecked((ulong)Seed) ^ Fnv1a64(purpose);
        return new SeededRandom(unchecked((long)SplitMix64(ref mixedPurpose)));
    }

    private uint NextUInt32() => (uint)(NextUInt64() >> 32);

    private static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>FNV-1a over UTF-8: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong Fnv1a64(string text)
    {
        const ulong offsetBasis = 0xCBF29CE484222325UL;
        const ulong prime = 0x100000001B3UL;
        ulong hash = offsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash;
    }
}
