using Microsoft.Win32.SafeHandles;

namespace Venice.Sim.Files;

/// <summary>
/// A read-only view of one segment file from a position up to the length it had flushed when the
/// view was made, read with positional reads on the segment's own handle (no seek, so several views
/// share it). Its asynchronous read completes at once: the pipe reading it never leaves the
/// simulation's one thread (docs/design.md, determinism).
/// </summary>
internal sealed class SegmentReadStream(SafeFileHandle handle, long position, long end) : Stream
{
    private long position = position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, Math.Max(0, end - position));
        if (wanted == 0) return 0;
        int read = RandomAccess.Read(handle, buffer[..wanted], position);
        position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
