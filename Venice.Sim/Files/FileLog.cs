using System.Globalization;
using System.Text;
using Venice.Sim.InMemory;

namespace Venice.Sim.Files;

/// <summary>
/// The simulated log with its record bytes in segment files under <see cref="Directory"/>: a
/// subdirectory per partition, a file per segment named by its first offset, written through a buffer
/// and read back through System.IO.Pipelines. Only an index of 4 bytes per record and each partition's
/// unflushed tail stay in memory, so a world of tens of millions of records is not bounded by its log.
/// Readers, faults and traces are those of <see cref="InMemoryLog"/> (<see cref="SimLog"/>): a flipped
/// bit is flipped in the file, and a record the file cannot give back whole comes back short, which the
/// reader's DIV rejects as corrupt. Dispose it to close the files; it deletes them unless kept.
/// </summary>
public sealed class FileLog : SimLog, IDisposable
{
    /// <summary>A segment is closed and a new one started when a record would take it past this size.</summary>
    public const int DefaultSegmentBytes = 64 * 1024 * 1024;

    /// <summary>Each partition's write buffer: its newest records, read from memory until flushed.</summary>
    public const int DefaultWriteBufferBytes = 32 * 1024;

    private readonly List<FileRecords> partitions = new();
    private readonly int segmentBytes;
    private readonly int writeBufferBytes;
    private readonly bool createdDirectory;
    private bool disposed;

    /// <summary>A log in <paramref name="directory"/>, which must be empty or not exist yet (it is created).</summary>
    /// <param name="keep">Leave the files (and the directory) when disposed.</param>
    /// <exception cref="ArgumentException">The directory holds files already.</exception>
    public FileLog(string directory, bool keep = false)
        : this(directory, keep, DefaultSegmentBytes, DefaultWriteBufferBytes)
    {
    }

    internal FileLog(string directory, bool keep, int segmentBytes, int writeBufferBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writeBufferBytes);
        Directory = Path.GetFullPath(directory);
        if (System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
        {
            throw new ArgumentException($"the log directory {Directory} is not empty", nameof(directory));
        }

        createdDirectory = !System.IO.Directory.Exists(Directory);
        System.IO.Directory.CreateDirectory(Directory);
        Keep = keep;
        this.segmentBytes = segmentBytes;
        this.writeBufferBytes = writeBufferBytes;
    }

    /// <summary>Where the segment files are.</summary>
    public string Directory { get; }

    /// <summary>True when disposing leaves the files on disk.</summary>
    public bool Keep { get; }

    /// <summary>
    /// A world's log: in a new directory of its own under the options' parent (the system's temporary
    /// directory when null), named after <paramref name="seed"/>: the first free one of
    /// <c>venice-log-seed-N</c>, <c>venice-log-seed-N-2</c>, ... so runs side by side never share one.
    /// </summary>
    internal static FileLog InNewDirectory(FileLogOptions options, long seed)
    {
        string parent = options.ParentDirectory ?? Path.GetTempPath();
        System.IO.Directory.CreateDirectory(parent);
        string stem = Path.Combine(parent, "venice-log-seed-" + seed.ToString(CultureInfo.InvariantCulture));
        for (int attempt = 1; ; attempt++)
        {
            string candidate = attempt == 1 ? stem : stem + "-" + attempt.ToString(CultureInfo.InvariantCulture);
            if (!System.IO.Directory.Exists(candidate)) return new FileLog(candidate, options.Keep, options.SegmentBytes, options.WriteBufferBytes);
        }
    }

    /// <summary>Closes the segment files and, unless <see cref="Keep"/>, deletes them and the directories the log made.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var partition in partitions) partition.Dispose();
        if (Keep) return;
        if (createdDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        else
        {
            // The caller's directory: only what the log put there goes.
            foreach (var sub in System.IO.Directory.EnumerateDirectories(Directory).ToArray()) System.IO.Directory.Delete(sub, recursive: true);
        }
    }

    /// <summary>The segment files of one partition, oldest first (for tests that damage them behind the log's back).</summary>
    internal IReadOnlyList<string> SegmentPaths(Venice.Core.TopicPartition partition) =>
        (Find(partition) as FileRecords)?.SegmentPaths ?? [];

    private protected override LogPartitionRecords CreatePartition(string topic, int partition)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        // Numbered in creation order, so any topic name makes a valid, unique directory name.
        string name = partitions.Count.ToString("D5", CultureInfo.InvariantCulture) + "-" + Sanitised(topic) + "-" + partition.ToString(CultureInfo.InvariantCulture);
        var records = new FileRecords(Path.Combine(Directory, name), segmentBytes, writeBufferBytes);
        partitions.Add(records);
        return records;
    }

    private static string Sanitised(string topic)
    {
        var name = new StringBuilder(topic.Length);
        foreach (char c in topic) name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '-');
        return name.ToString();
    }
}
