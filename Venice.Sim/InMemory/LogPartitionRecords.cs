using System.Buffers;

namespace Venice.Sim.InMemory;

/// <summary>
/// Where one log partition's record bytes live, behind <see cref="SimLog"/>: the in-memory pages of
/// <see cref="InMemoryLog"/> or the segment files of <see cref="Venice.Sim.Files.FileLog"/>. Offsets,
/// lost and corrupted records are counted here the same way for both, so the faults behave alike.
/// </summary>
internal abstract class LogPartitionRecords
{
    public SortedSet<long> CorruptedOffsets { get; } = new();

    public long LostCount { get; private set; }

    public abstract long EndOffset { get; }

    /// <summary>True for an offset below the end whose record was not lost.</summary>
    public abstract bool IsPresent(long offset);

    /// <summary>Copies the record in and returns its offset.</summary>
    public abstract long Append(ReadOnlySpan<byte> payload);

    /// <summary>
    /// A present record's bytes, valid at least until the next write to this partition. A record the
    /// backing store cannot give back whole (a truncated file) comes back short, never as an exception,
    /// so the reader's decoder rejects it as corrupt.
    /// </summary>
    public abstract ReadOnlySequence<byte> Read(long offset);

    /// <summary>A present record's length in bytes.</summary>
    public abstract int Length(long offset);

    /// <summary>Flips one bit of a present record where it is stored, so every later read sees it.</summary>
    public abstract void FlipBit(long offset, int bitIndex);

    public void Lose(long offset)
    {
        MarkLost(offset);
        LostCount++;
    }

    /// <summary>Presizes for a benchmark; a store with nothing to presize ignores it.</summary>
    public virtual void Reserve(int records, long bytes)
    {
    }

    protected abstract void MarkLost(long offset);

    protected static void ThrowIfFull(long count)
    {
        if (count >= SimLog.MaxRecordsPerPartition)
        {
            throw new InvalidOperationException($"A log partition exceeded {nameof(SimLog.MaxRecordsPerPartition)} ({SimLog.MaxRecordsPerPartition}).");
        }
    }
}
