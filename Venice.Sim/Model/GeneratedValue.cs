using System.Buffers.Binary;
using Venice.Sim.InMemory;

namespace Venice.Sim.Model;

/// <summary>The values the push job and the nearline producer write: seeded random bytes with a stamp.</summary>
internal static class GeneratedValue
{
    /// <summary>
    /// Fills <paramref name="value"/> from <paramref name="random"/> and stamps its first four bytes with
    /// <paramref name="stamp"/> (when it has four), so values of different records never collide by chance.
    /// </summary>
    public static ReadOnlySpan<byte> Fill(Span<byte> value, Venice.Core.Environment.IRandomSource random, int stamp)
    {
        for (int i = 0; i < value.Length; i += 8)
        {
            ulong bits = random.NextUInt64();
            var chunk = value[i..Math.Min(value.Length, i + 8)];
            for (int b = 0; b < chunk.Length; b++) chunk[b] = (byte)(bits >> (8 * b));
        }
        if (value.Length >= 4) BinaryPrimitives.WriteInt32LittleEndian(value, stamp);
        return value;
    }
}
