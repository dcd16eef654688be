using System.Diagnostics;
using Venice.Sim.Tests.Library;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Cli;

/// <summary>
/// A `venice-sim run --trace FILE` killed with SIGKILL at any moment leaves FILE as it was before (absent,
/// or the previous complete trace) or as the complete new trace, never a partial one: the trace is written
/// to a temporary file and renamed into place only when it is complete.
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed class KilledRunTests
{
    private const string Scenario = "scenarios/fast/swarm-hybrid.yaml";

    private static string Cli => Path.Combine(TestContext.CurrentContext.TestDirectory, "venice-sim.dll");

    private static Process Start(string trace) =>
        Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Cli, "run", Path.Combine(LibraryScenario.RepositoryRoot, Scenario), "--trace", trace },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;

    private static string NewDirectory(string name)
    {
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "killed-runs", name);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A whole trace: it parses, and its last event is the run's end line.</summary>
    private static bool IsComplete(byte[] bytes)
    {
        var read = TraceReader.Parse(bytes, "trace");
        return read.Succeeded && read.Trace!.Events.Count > 0 && read.Trace.Events[^1].Kind == "end";
    }

    [Test]
    public void A_run_killed_at_any_moment_leaves_the_previous_trace_or_the_complete_new_one()
    {
        string directory = NewDirectory("previous");
        string trace = Path.Combine(directory, "run.jsonl");
        using (var first = Start(trace))
        {
            first.WaitForExit();
            Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardError.ReadToEnd());
        }
        byte[] previous = File.ReadAllBytes(trace);
        Assert.That(IsComplete(previous), Is.True, "the first run's trace is complete");

        // Kill points from process start-up through the run to its end (a full run takes a few hundred ms to seconds).
        foreach (int killAfterMs in new[] { 50, 200, 400, 600, 800, 1000, 1300, 1700, 2200, 3000 })
        {
            using var run = Start(trace);
            run.WaitForExit(killAfterMs);
            if (!run.HasExited) run.Kill(entireProcessTree: true); // SIGKILL on Linux: no handler runs
            run.WaitForExit();

            Assert.That(File.Exists(trace), Is.True, $"killed after {killAfterMs} ms: the previous trace is gone");
            byte[] now = File.ReadAllBytes(trace);
            Assert.That(now.AsSpan().SequenceEqual(previous) || IsComplete(now), Is.True,
                $"killed after {killAfterMs} ms: {trace} is neither the previous trace nor a complete new one ({now.Length} bytes)");
        }
    }

    [Test]
    public void A_run_killed_before_it_finishes_leaves_no_file_under_the_target_name()
    {
        string directory = NewDirectory("absent");
        string trace = Path.Combine(directory, "run.jsonl");

        foreach (int killAfterMs in new[] { 50, 150, 300 })
        {
            using var run = Start(trace);
            run.WaitForExit(killAfterMs);
            bool killed = !run.HasExited;
            if (killed) run.Kill(entireProcessTree: true);
            run.WaitForExit();

            if (killed) Assert.That(!File.Exists(trace) || IsComplete(File.ReadAllBytes(trace)), Is.True, $"killed after {killAfterMs} ms: a partial trace under the target name");
            else Assert.That(IsComplete(File.ReadAllBytes(trace)), Is.True);
            if (File.Exists(trace)) File.Delete(trace);
        }
    }
}
