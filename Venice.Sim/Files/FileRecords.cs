using System.Buffers;
using System.Globalization;
using Venice.Sim.InMemory;

namespace Venice.Sim.Files;

/// <summary>
/// One log partition whose record bytes live in segment files in its own directory. Appends go
/// through a write buffer (the hot tail, read straight from memory until it is flushed); older records
/// are read back from the files through <see cref="SegmentCursor"/>s. In memory stay only the index
/// (a 4-byte start position per record; a lost record's is complemented) and the segments' base
/// offsets, so the partition's memory is 4 bytes per record, not the records' bytes.
/// </summary>
internal sealed class FileRecords : LogPartitionRecords, IDisposable
{
    private const int CursorCount = 4;

    // Reads from a file are copied out into these in turn, so a record read stays valid while a few
    // other records of the partition are read (a checker looking at the log mid-batch), not just one.
    private const int ScratchCount = 4;

    private readonly string directory;
    private readonly int segmentBytes;
    private readonly byte[] writeBuffer;
    private readonly List<LogSegment> segments = new();
    private readonly SegmentCursor[] cursors = new SegmentCursor[CursorCount];
    private readonly byte[][] scratch = new byte[ScratchCount][];
    private int[] positions = new int[16];
    private long count;
    private int buffered;
    private int nextScratch;
    private long reads;

    public FileRecords(string directory, int segmentBytes, int writeBufferBytes)
    {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        writeBuffer = new byte[writeBufferBytes];
        for (int i = 0; i < CursorCount; i++) cursors[i] = new SegmentCursor();
        for (int i = 0; i < ScratchCount; i++) scratch[i] = new byte[256];
        Directory.CreateDirectory(directory);
    }

    public override long EndOffset => count;

    /// <summary>The segment files, oldest first (tests corrupt and truncate them behind the log's back).</summary>
    public IReadOnlyList<string> SegmentPaths => segments.Select(s => s.Path).ToArray();

    public override bool IsPresent(long offset) => offset >= 0 && offset < count && positions[offset] >= 0;

    public override long Append(ReadOnlySpan<byte> payload)
    {
        ThrowIfFull(count);
        LogSegment segment = ActiveSegmentFor(payload.Length);
        if (buffered + payload.Length > writeBuffer.Length) Flush(segment);
        long position = segment.Length;
        if (payload.Length > writeBuffer.Length)
        {
            // Too big for the buffer (which Flush just emptied): straight to the file.
            RandomAccess.Write(segment.Handle, payload, segment.FlushedLength);
            segment.FlushedLength += payload.Length;
        }
        else
        {
            payload.CopyTo(writeBuffer.AsSpan(buffered));
            buffered += payload.Length;
        }

        segment.Length += payload.Length;
        if (count == positions.Length) Array.Resize(ref positions, (int)Math.Min((long)positions.Length * 2, SimLog.MaxRecordsPerPartition));
        positions[count] = checked((int)position);
        return count++;
    }

    public override ReadOnlySequence<byte> Read(long offset)
    {
        int index = SegmentIndexOf(offset);
        LogSegment segment = segments[index];
        long position = StartOf(offset);
        int length = LengthAt(offset, index, position);
        if (position >= segment.FlushedLength)
        {
            return new ReadOnlySequence<byte>(writeBuffer, (int)(position - segment.FlushedLength), length);
        }

        byte[] destination = NextScratch(length);
        int read = CursorFor(segment, position, length).Read(segment, position, destination.AsSpan(0, length));
        return new ReadOnlySequence<byte>(destination, 0, read);
    }

    public override int Length(long offset) => LengthAt(offset, SegmentIndexOf(offset), StartOf(offset));

    public override void FlipBit(long offset, int bitIndex)
    {
        LogSegment segment = segments[SegmentIndexOf(offset)];
        long position = StartOf(offset) + bitIndex / 8;
        byte mask = (byte)(1 << (bitIndex % 8));
        if (position >= segment.FlushedLength)
        {
            writeBuffer[position - segment.FlushedLength] ^= mask;
            return;
        }

        Span<byte> one = stackalloc byte[1];
        if (RandomAccess.Read(segment.Handle, one, position) != 1) return; // a truncated file: nothing there to flip
        one[0] ^= mask;
        RandomAccess.Write(segment.Handle, one, position);
        foreach (var cursor in cursors)
        {
            if (cursor.Segment == segment) cursor.Close();
        }
    }

    public void Dispose()
    {
        foreach (var cursor in cursors) cursor.Dispose();
        foreach (var segment in segments) segment.Dispose();
    }

    protected override void MarkLost(long offset) => positions[offset] = ~positions[offset];

    private long StartOf(long offset) => positions[offset] >= 0 ? positions[offset] : ~positions[offset];

    /// <summary>Up to the next record's start in the same segment, or to the segment's end for its last record.</summary>
    private int LengthAt(long offset, int segmentIndex, long position)
    {
        long next = offset + 1;
        bool nextInSameSegment = next < count && (segmentIndex == segments.Count - 1 || next < segments[segmentIndex + 1].BaseOffset);
        long end = nextInSameSegment ? StartOf(next) : segments[segmentIndex].Length;
        return (int)(end - position);
    }

    private int SegmentIndexOf(long offset)
    {
        int low = 0;
        int high = segments.Count - 1;
        if (segments[high].BaseOffset <= offset) return high;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (segments[middle].BaseOffset <= offset) low = middle;
            else high = middle - 1;
        }

        return low;
    }

    /// <summary>The newest segment, or a new one when the record would take the newest past its size (a record bigger than that gets a segment to itself).</summary>
    private LogSegment ActiveSegmentFor(int payloadLength)
    {
        if (segments.Count > 0)
        {
            LogSegment newest = segments[^1];
            if (newest.Length == 0 || newest.Length + payloadLength <= segmentBytes) return newest;
            Flush(newest);
        }

        string path = Path.Combine(directory, count.ToString("D20", CultureInfo.InvariantCulture) + ".log");
        var segment = new LogSegment(count, path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite));
        segments.Add(segment);
        return segment;
    }

    private void Flush(LogSegment segment)
    {
        if (buffered == 0) return;
        RandomAccess.Write(segment.Handle, writeBuffer.AsSpan(0, buffered), segment.FlushedLength);
        segment.FlushedLength += buffered;
        buffered = 0;
    }

    private SegmentCursor CursorFor(LogSegment segment, long position, int length)
    {
        reads++;
        SegmentCursor? chosen = null;
        foreach (var cursor in cursors)
        {
            if (cursor.Reaches(segment, position, length) && (chosen is null || cursor.Position > chosen.Position)) chosen = cursor;
        }

        if (chosen is null)
        {
            chosen = cursors[0];
            foreach (var cursor in cursors)
            {
                if (cursor.LastUse < chosen.LastUse) chosen = cursor;
            }
        }

        chosen.LastUse = reads;
        return chosen;
    }

    private byte[] NextScratch(int length)
    {
        ref byte[] slot = ref scratch[nextScratch];
        nextScratch = (nextScratch + 1) % ScratchCount;
        if (slot.Length < length) slot = new byte[Math.Max(length, slot.Length * 2)];
        return slot;
    }
}
