namespace Venice.Sim.Tracing;

/// <summary>
/// A file written so that a reader sees either the old file or the complete new one: the bytes go
/// to a temporary file beside the target, and <see cref="Commit"/> flushes them to disk and renames
/// the temporary file over the target. Disposing without committing deletes the temporary file and
/// leaves the target as it was (a run that crashed, a write that failed).
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream stream;
    private bool committed;
    private bool disposed;

    private AtomicFile(string targetPath, string temporaryPath, FileStream stream)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
        this.stream = stream;
    }

    /// <summary>The file that <see cref="Commit"/> replaces.</summary>
    public string TargetPath { get; }

    /// <summary>Where the bytes go until <see cref="Commit"/>; in the target's directory, so the rename never crosses file systems.</summary>
    public string TemporaryPath { get; }

    /// <summary>The temporary file's stream.</summary>
    public Stream Stream => stream;

    /// <summary>
    /// Creates the temporary file beside <paramref name="path"/>. Creating it is the writability
    /// check: an unwritable directory fails here, before any work is done.
    /// </summary>
    /// <exception cref="IOException">The path is empty, names a directory or a device, or cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static AtomicFile Create(string path)
    {
        var target = ResolveTarget(path);
        var directory = Path.GetDirectoryName(target)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Path.GetRandomFileName()}.tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        return new AtomicFile(target, temporary, stream);
    }

    /// <summary>
    /// Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/> the atomic
    /// way: a reader sees the previous file or the complete new one, never a partial one.
    /// </summary>
    /// <exception cref="IOException">As <see cref="Create"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">As <see cref="Create"/>.</exception>
    public static void WriteAllText(string path, string text)
    {
        using var file = Create(path);
        file.CommitText(text);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to the temporary file, then <see cref="Commit"/>s it.</summary>
    public void CommitText(string text)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true))
        {
            writer.Write(text);
        }
        Commit();
    }

    /// <summary>
    /// The absolute path the file will be renamed to: <paramref name="path"/> made absolute, a
    /// symbolic link followed to its final target (so the link survives and its target is replaced).
    /// </summary>
    /// <exception cref="IOException">The path is empty or names something that is not a regular file.</exception>
    public static string ResolveTarget(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Trim().Length == 0)
        {
            throw new IOException("the path is empty");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new IOException($"{path} is a directory; name a file");
        }

        var info = new FileInfo(full);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } linked)
        {
            full = linked.FullName;
            info = new FileInfo(full);
        }

        // Renaming over a device (/dev/full, /dev/null) or a FIFO would replace it with a plain file.
        if (info.Exists && !FileKinds.IsRegularFile(full))
        {
            throw new IOException($"{path} is not a regular file (a device, a pipe or a socket); name a regular file");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new IOException($"the directory of {path} does not exist");
        }

        return full;
    }

    /// <summary>
    /// Flushes the bytes to disk (fsync), renames the temporary file over the target, then syncs the
    /// directory so the rename itself survives a power loss (on Linux; see <see cref="DirectorySync"/>).
    /// </summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        File.Move(TemporaryPath, TargetPath, overwrite: true);
        committed = true;
        disposed = true;
        DirectorySynced = DirectorySync.Sync(Path.GetDirectoryName(TargetPath)!);
    }

    /// <summary>
    /// Whether <see cref="Commit"/> synced the target's directory after the rename: true on Linux,
    /// false where the platform has no directory sync (the rename is then as durable as the OS makes it).
    /// </summary>
    public bool DirectorySynced { get; private set; }

    /// <summary>Without <see cref="Commit"/>: deletes the temporary file; the target is untouched.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stream.Dispose();
        if (!committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
                // Best effort: a leftover temporary file never hides or damages the target.
            }
        }
    }
}
