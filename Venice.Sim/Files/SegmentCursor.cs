using System.Buffers;
using System.IO.Pipelines;

namespace Venice.Sim.Files;

/// <summary>
/// A reader going forward through one segment file through a <see cref="PipeReader"/>, so a replica
/// reading the partition in order reads the file in large chunks rather than a call per record. It
/// moves to another place (a new pipe) only when asked for bytes behind it, far ahead of it, or past
/// what the file held when it started.
/// </summary>
internal sealed class SegmentCursor : IDisposable
{
    /// <summary>How far ahead a read may be and still be reached by skipping (lost records, another reader's gap).</summary>
    private const long SkipLimitBytes = 64 * 1024;

    private const int PipeBufferBytes = 16 * 1024;

    private PipeReader? reader;
    private long end;

    public LogSegment? Segment { get; private set; }

    /// <summary>The file position of the next byte the pipe holds unread.</summary>
    public long Position { get; private set; }

    /// <summary>When the cursor last read, in reads of its partition: the least recent one is reused first.</summary>
    public long LastUse { get; set; }

    /// <summary>True when a read of <paramref name="length"/> bytes at <paramref name="position"/> goes on from here without a new pipe.</summary>
    public bool Reaches(LogSegment segment, long position, int length) =>
        reader is not null && Segment == segment && position >= Position &&
        position - Position <= SkipLimitBytes && position + length <= end;

    /// <summary>
    /// Copies the bytes at <paramref name="position"/> into <paramref name="destination"/>; fewer when
    /// the file ends first (a truncated segment): the reader then sees a short, undecodable record.
    /// </summary>
    public int Read(LogSegment segment, long position, Span<byte> destination)
    {
        if (!Reaches(segment, position, destination.Length)) Open(segment, position);
        while (true)
        {
            ReadResult result = ReadNow();
            ReadOnlySequence<byte> buffer = result.Buffer;
            long skip = position - Position;
            if (buffer.Length >= skip + destination.Length)
            {
                buffer.Slice(skip, destination.Length).CopyTo(destination);
                reader!.AdvanceTo(buffer.GetPosition(skip + destination.Length));
                Position = position + destination.Length;
                return destination.Length;
            }

            if (result.IsCompleted)
            {
                int available = (int)Math.Clamp(buffer.Length - skip, 0, destination.Length);
                if (available > 0) buffer.Slice(skip, available).CopyTo(destination);
                Close();
                return available;
            }

            // Not enough yet: look at everything, keep it, and let the pipe read more of the file.
            reader!.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Forgets what the pipe read ahead (a corruption fault changed the file under it).</summary>
    public void Close()
    {
        reader?.Complete();
        reader = null;
        Segment = null;
    }

    public void Dispose() => Close();

    private void Open(LogSegment segment, long position)
    {
        Close();
        Segment = segment;
        Position = position;
        end = segment.FlushedLength;
        var stream = new SegmentReadStream(segment.Handle, position, end);
        reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: PipeBufferBytes, minimumReadSize: PipeBufferBytes / 4, leaveOpen: false));
    }

    private ReadResult ReadNow()
    {
        ValueTask<ReadResult> pending = reader!.ReadAsync();
        // The stream under the pipe completes every read at once, so the pipe's read does too.
        if (!pending.IsCompleted) throw new InvalidOperationException("a segment read did not complete synchronously");
        return pending.GetAwaiter().GetResult();
    }
}
