using Venice.Core.Log;
using Venice.Sim.Files;
using Venice.Sim.Tests.Contracts;

namespace Venice.Sim.Tests.Files;

/// <summary>The log contract on file logs, each in a fresh temporary directory, disposed after each test. Subclasses say how a log is opened.</summary>
public abstract class FileLogContract : LogContract
{
    private readonly List<FileLog> logs = new();

    /// <summary>Opens the log under test in <paramref name="directory"/>, which does not exist yet.</summary>
    protected abstract FileLog Open(string directory);

    protected override ILog CreateLog()
    {
        var log = Open(TemporaryLogDirectory.New());
        logs.Add(log);
        return log;
    }

    [TearDown]
    public void DisposeLogs()
    {
        foreach (var log in logs) log.Dispose();
        logs.Clear();
    }
}

/// <summary>The log contract on a file log with its default sizes (records read from the write buffer).</summary>
[TestFixture]
public sealed class FileLog_satisfies_the_log_contract : FileLogContract
{
    protected override FileLog Open(string directory) => new(directory);
}

/// <summary>The same contract on a file log whose segments and buffer hold a few bytes: every read goes to a file, segments roll.</summary>
[TestFixture]
public sealed class A_FileLog_with_tiny_segments_satisfies_the_log_contract : FileLogContract
{
    protected override FileLog Open(string directory) => new(directory, keep: false, segmentBytes: 8, writeBufferBytes: 2);
}

/// <summary>A fresh directory path under the temporary directory that does not exist yet.</summary>
internal static class TemporaryLogDirectory
{
    public static string New() => Path.Combine(Path.GetTempPath(), "venice-filelog-test-" + Guid.NewGuid().ToString("N"));
}
