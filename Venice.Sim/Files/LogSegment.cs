using Microsoft.Win32.SafeHandles;

namespace Venice.Sim.Files;

/// <summary>
/// One segment file of a partition: the records from <see cref="BaseOffset"/> on, their bytes back to
/// back (the partition's index knows where each starts). Only the newest segment of a partition grows;
/// the bytes past <see cref="FlushedLength"/> are still in the partition's write buffer.
/// </summary>
internal sealed class LogSegment(long baseOffset, string path, SafeFileHandle handle) : IDisposable
{
    public long BaseOffset { get; } = baseOffset;

    public string Path { get; } = path;

    public SafeFileHandle Handle { get; } = handle;

    /// <summary>Bytes of the segment's records, written or buffered.</summary>
    public long Length { get; set; }

    /// <summary>Bytes already in the file.</summary>
    public long FlushedLength { get; set; }

    public void Dispose() => Handle.Dispose();
}
