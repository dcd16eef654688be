using System.Text;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>
/// The <c>--results FILE.json</c> and <c>--junit FILE.xml</c> outputs of run, explore and merge. Both
/// are opened (as <see cref="AtomicFile"/>s) before any work, so a bad path is exit 2 at once, and
/// renamed into place only when complete: a shard killed mid-run leaves no half-written results file
/// for the merge job to trip over.
/// </summary>
internal sealed class ResultsFiles : IDisposable
{
    private readonly AtomicFile? results;
    private readonly AtomicFile? junit;

    private ResultsFiles(AtomicFile? results, AtomicFile? junit)
    {
        this.results = results;
        this.junit = junit;
    }

    public bool WantsJUnit => junit is not null;

    /// <exception cref="CliUsageException">A path is empty, a directory, not a regular file, unwritable, one of the inputs, or both flags name one file.</exception>
    public static ResultsFiles Open(string? resultsPath, string? junitPath, params string[] inputs)
    {
        OutputPaths.RefuseInput(resultsPath, "--results", inputs);
        OutputPaths.RefuseInput(junitPath, "--junit", inputs);
        if (resultsPath is not null && junitPath is not null
            && string.Equals(Path.GetFullPath(resultsPath), Path.GetFullPath(junitPath), StringComparison.Ordinal))
        {
            throw new CliUsageException($"--results and --junit both name {resultsPath}; give each its own file");
        }

        var results = Create(resultsPath, "--results");
        try
        {
            return new ResultsFiles(results, Create(junitPath, "--junit"));
        }
        catch
        {
            results?.Dispose();
            throw;
        }
    }

    /// <summary>Writes and renames both files into place.</summary>
    public void Commit(ShardResults shardResults, Func<IReadOnlyList<JUnitCase>> junitCases)
    {
        if (results is not null) Write(results, "--results", ResultsJson.ToText(shardResults));
        if (junit is not null) Write(junit, "--junit", JUnitReport.ToText(shardResults, junitCases()));
    }

    public void Dispose()
    {
        results?.Dispose();
        junit?.Dispose();
    }

    private static AtomicFile? Create(string? path, string flag) => path is null ? null : OutputPaths.OpenAtomic(path, flag);

    private static void Write(AtomicFile file, string flag, string text)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            file.Stream.Write(bytes);
            file.Commit();
        }
        catch (IOException exception)
        {
            throw new CliUsageException($"{flag} {file.TargetPath}: cannot write the file: {exception.Message}");
        }
    }
}
