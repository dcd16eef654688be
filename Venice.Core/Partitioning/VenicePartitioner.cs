using System.IO.Hashing;

namespace Venice.Core.Partitioning;

/// <summary>
/// Maps a key to a partition. Venice's DefaultVenicePartitioner hashes the key with MD5; the model uses
/// XxHash3 because only two properties matter to the write path: it is a pure function of the key
/// bytes, and it spreads keys evenly.
/// </summary>
public static class VenicePartitioner
{
    public static int PartitionFor(ReadOnlySpan<byte> key, int partitionCount)
    {
        if (partitionCount <= 0) throw new ArgumentOutOfRangeException(nameof(partitionCount));
        return (int)(XxHash3.HashToUInt64(key) % (ulong)partitionCount);
    }
}
