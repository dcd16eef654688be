using System.Diagnostics;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using Venice.Sim.Model;
using Venice.Storage.RocksDb;

namespace Venice.Sim.Cli;

/// <summary>What run and replay share: loading, defect resolution, and one call into the engine.</summary>
internal static class RunExecution
{
    public static Scenario LoadScenario(string path, string? context = null)
    {
        var result = ScenarioLoader.Load(ScenarioPaths.ToDisplayPath(path), VeniceSimCli.ScenarioLoadOptions);
        if (result.Error is { } error)
        {
            throw new CliUsageException(context is null ? error.ToString() : $"{error} ({context})");
        }

        return result.Scenario!;
    }

    /// <summary>
    /// The scenario's defects plus the requested ones, without repeats, in catalog order, so the
    /// order of --defect flags cannot change the trace.
    /// </summary>
    public static IReadOnlyList<string> EffectiveDefects(Scenario scenario, IEnumerable<string> requested, string origin)
    {
        var wanted = new HashSet<string>(scenario.Defects, StringComparer.Ordinal);
        foreach (var defect in requested)
        {
            if (!DefectNames.Catalog.Contains(defect))
            {
                throw new CliUsageException($"unknown defect '{defect}' ({origin}); expected one of: {DefectNames.Catalog.Describe()}");
            }

            wanted.Add(defect);
        }

        return DefectNames.Catalog.Names.Where(wanted.Contains).ToArray();
    }

    /// <summary>
    /// Runs the engine once; <paramref name="alsoTo"/> (a report, coverage, progress) sees the stamped trace too. The returned result carries the writer's hash: the CLI never trusts a
    /// runner-supplied <see cref="RunResult.TraceSha256"/>, it reports the bytes actually written.
    /// </summary>
    public static (RunResult Result, TimeSpan Elapsed) Execute(
        CliOutput output,
        Scenario scenario,
        long seed,
        IReadOnlyList<string> defects,
        JsonLinesTraceWriter writer,
        string reproduceCommand,
        ITraceSink? alsoTo = null)
    {
        var stamped = new ScenarioPathStampingSink(writer, scenario.SourcePath);
        ITraceSink sink = alsoTo is null ? stamped : new TraceTee(stamped, alsoTo);
        var runner = VeniceSimCli.RunnerFactory();

        // Should the engine crash, the seed still pins the run: the internal-error report names this command.
        output.ReproduceCommand = reproduceCommand;

        // Wall time is measured for the human summary only; it never reaches the simulation or the trace.
        var stopwatch = Stopwatch.StartNew();
        RunResult result;
        try
        {
            // storage: rocksdb gets one database per server in a temporary directory, deleted after the run.
            using var rocksDb = scenario.Storage == ScenarioStorage.RocksDb ? new RocksDbScenarioStorage() : null;
            result = runner.Run(scenario, new RunRequest(seed, defects, sink) { RocksDbStorage = rocksDb is null ? null : rocksDb.Create });
        }
        catch (ScenarioRunException refused)
        {
            // The engine refused the scenario (a bad option value, a feature it does not run): bad input.
            throw new CliUsageException(refused.Message);
        }
        catch (TraceWriteException unwritable)
        {
            // A full disk is the machine's problem, not a bug; the target file is left as it was.
            throw new CliUsageException(unwritable.Message);
        }

        stopwatch.Stop();
        if (!stamped.HeaderWritten)
        {
            throw new InvalidOperationException("the scenario runner wrote no trace header");
        }

        return (result with { TraceSha256 = writer.Sha256Hex }, stopwatch.Elapsed);
    }

    /// <summary>Puts a complete trace file in place (a no-op for a trace that is only hashed).</summary>
    public static void Commit(JsonLinesTraceWriter writer, string? tracePath)
    {
        try
        {
            writer.Commit();
        }
        catch (IOException exception)
        {
            throw new CliUsageException($"{tracePath}: {exception.Message}");
        }
    }
}
