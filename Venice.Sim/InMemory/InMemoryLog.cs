using System.Buffers;
using Venice.Core;

namespace Venice.Sim.InMemory;

/// <summary>
/// The simulated log with every record in memory, in pages of bytes (not an array per record): the
/// default log of a world, and the one the hot-loop benchmarks produce to. <see cref="SimLog"/> gives
/// it its topics, reads and log faults.
/// </summary>
public sealed class InMemoryLog : SimLog
{
    /// <summary>
    /// Sizes a partition for <paramref name="records"/> more records of <paramref name="bytes"/> bytes in
    /// all, so that producing them allocates nothing (a benchmark measures the produce, not the log's
    /// growth). Nothing is visible to readers; an unknown partition is ignored.
    /// </summary>
    public void Reserve(TopicPartition partition, int records, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Find(partition)?.Reserve(records, bytes);
    }


    private protected override LogPartitionRecords CreatePartition(string topic, int partition) => new PagedRecords();

    /// <summary>
    /// One partition's records. Their bytes are appended to pages (4 KiB doubling to 1 MiB; a larger
    /// record gets a page of its own) and each offset keeps only where its bytes are, so a produce
    /// allocates nothing but the amortised growth of the pages and the location array: a leader's
    /// produce path, and a world of millions of records, no longer pay an array per record.
    /// </summary>
    private sealed class PagedRecords : LogPartitionRecords
    {
        private const int FirstPageBytes = 4 * 1024;
        private const int LargestPageBytes = 1024 * 1024;

        private readonly List<byte[]> _pages = new();
        private readonly Queue<byte[]> _reserved = new();
        private Location[] _locations = new Location[16];
        private int _count;
        private int _pageUsed;

        /// <summary>Where a record's bytes are; a negative length marks a record the log lost.</summary>
        private readonly record struct Location(int Page, int Start, int Length);

        public override long EndOffset => _count;

        public override bool IsPresent(long offset) => offset >= 0 && offset < _count && _locations[offset].Length >= 0;

        public override ReadOnlySequence<byte> Read(long offset) => new(Record(offset));

        public override int Length(long offset) => _locations[offset].Length;

        /// <summary>In place: every view of the record, earlier or later, sees the flipped bit.</summary>
        public override void FlipBit(long offset, int bitIndex) => Record(offset).Span[bitIndex / 8] ^= (byte)(1 << (bitIndex % 8));

        protected override void MarkLost(long offset) => _locations[offset] = _locations[offset] with { Length = -1 };

        private Memory<byte> Record(long offset)
        {
            Location at = _locations[offset];
            return _pages[at.Page].AsMemory(at.Start, at.Length);
        }

        public override void Reserve(int records, long bytes)
        {
            long locations = (long)_count + records;
            if (locations > _locations.Length)
            {
                Array.Resize(ref _locations, (int)Math.Min(locations, MaxRecordsPerPartition));
            }

            // Whole pages of the largest size, appended after the current one: Append moves on to the
            // next page when a record does not fit, so the reserved pages are used in order.
            int free = _pages.Count == 0 ? 0 : _pages[^1].Length - _pageUsed;
            for (long missing = bytes - free; missing > 0; missing -= LargestPageBytes)
            {
                _reserved.Enqueue(new byte[LargestPageBytes]);
            }
        }

        public override long Append(ReadOnlySpan<byte> payload)
        {
            ThrowIfFull(_count);

            if (_pages.Count == 0 || _pageUsed + payload.Length > _pages[^1].Length)
            {
                int next = _pages.Count == 0 ? FirstPageBytes : Math.Min(_pages[^1].Length * 2, LargestPageBytes);
                _pages.Add(_reserved.Count > 0 && _reserved.Peek().Length >= payload.Length ? _reserved.Dequeue() : new byte[Math.Max(next, payload.Length)]);
                _pageUsed = 0;
            }

            payload.CopyTo(_pages[^1].AsSpan(_pageUsed));
            if (_count == _locations.Length)
            {
                Array.Resize(ref _locations, _locations.Length * 2);
            }

            _locations[_count] = new Location(_pages.Count - 1, _pageUsed, payload.Length);
            _pageUsed += payload.Length;
            return _count++;
        }
    }
}
