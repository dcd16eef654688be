using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>
/// The checks every file the tool writes goes through before any work starts: a path that is
/// empty, a directory, a device, unwritable, or one of the command's own input files is bad input
/// (exit 2) naming the path, rather than a failure after the run or a destroyed input.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Refuses an output path that names the same file as an input.</summary>
    public static void RefuseInput(string? outputPath, string flag, params string[] inputPaths)
    {
        if (outputPath is null || outputPath.Trim().Length == 0)
        {
            return;
        }

        var output = Canonical(outputPath);
        foreach (var input in inputPaths)
        {
            if (string.Equals(output, Canonical(input), StringComparison.Ordinal))
            {
                throw new CliUsageException($"{flag} {outputPath}: that is the input file {input}; writing there would destroy it, so name another file");
            }
        }
    }

    /// <summary>Opens a trace file atomically (a temporary file beside it until the trace is complete).</summary>
    public static JsonLinesTraceWriter CreateTrace(string path, string flag) => Open(path, flag, "the trace file", JsonLinesTraceWriter.CreateFile);

    /// <summary>
    /// Opens an output file atomically before the work that fills it, so an unwritable path is a usage
    /// error (exit 2) up front, not an error after a long run.
    /// </summary>
    public static AtomicFile OpenAtomic(string path, string flag, string what = "the file") => Open(path, flag, what, AtomicFile.Create);

    private static T Open<T>(string path, string flag, string what, Func<string, T> open)
    {
        if (path.Trim().Length == 0)
        {
            throw new CliUsageException($"{flag}: the path is empty; name a file");
        }

        try
        {
            return open(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{flag} {path}: cannot write {what}: {exception.Message}");
        }
    }

    /// <summary>
    /// Makes sure a file can be created in <paramref name="directory"/> (creating the directory if
    /// need be) by creating and deleting a temporary file there, for outputs written only after a
    /// long computation.
    /// </summary>
    public static void CheckWritableDirectory(string directory, string flag)
    {
        if (directory.Trim().Length == 0)
        {
            throw new CliUsageException($"{flag}: the path is empty; name a directory");
        }

        try
        {
            if (File.Exists(directory))
            {
                throw new IOException($"{directory} is a file, not a directory");
            }

            Directory.CreateDirectory(directory);
            using var probe = AtomicFile.Create(Path.Combine(directory, "venice-sim-write-check"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{flag} {directory}: cannot write there: {exception.Message}");
        }
    }

    /// <summary>An absolute path with symbolic links followed, so two spellings of one file compare equal.</summary>
    private static string Canonical(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var info = new FileInfo(full);
            return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return path;
        }
    }
}
