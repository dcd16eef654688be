using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using Venice.Storage.RocksDb;

namespace Venice.Sim.Tests.Library;

/// <summary>Loads a scenario of the repository's library and runs it in-process as `venice-sim run` does.</summary>
internal static class LibraryScenario
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The load options `venice-sim` uses: config names are checked against the options table.</summary>
    private static readonly ScenarioLoadOptions LoadOptions = ScenarioLoadOptions.Default with
    {
        KnownConfigOptions = new SortedSet<string>(OptionsBinder.KnownNames, StringComparer.Ordinal),
    };

    public static Scenario Load(string relativePath)
    {
        var result = ScenarioLoader.Load(Path.Combine(RepositoryRoot, relativePath), LoadOptions);
        if (result.Scenario is null) Assert.Fail($"{relativePath} does not load: {result.Error}");
        return result.Scenario!;
    }

    /// <summary>Runs the scenario with <paramref name="seed"/>; the result carries the hash of the trace it wrote.</summary>
    public static RunResult Run(Scenario scenario, long seed, IReadOnlyList<string>? defects = null)
    {
        using var trace = new JsonLinesTraceWriter(Stream.Null);
        var result = Run(scenario, seed, defects ?? scenario.Defects, trace);
        return result with { TraceSha256 = trace.Sha256Hex };
    }

    /// <summary>Runs the scenario into <paramref name="trace"/>, on the storage engine its <c>storage:</c> names.</summary>
    public static RunResult Run(Scenario scenario, long seed, IReadOnlyList<string> defects, ITraceSink trace)
    {
        using var rocksDb = scenario.Storage == ScenarioStorage.RocksDb ? new RocksDbScenarioStorage() : null;
        return new ScenarioRunner().Run(scenario, new RunRequest(seed, defects, trace)
        {
            RocksDbStorage = rocksDb is null ? null : rocksDb.Create,
        });
    }

    /// <summary>What a failed run says, with the command that reproduces it.</summary>
    public static string Describe(RunResult result, string relativePath) =>
        $"{relativePath} seed {result.Seed}: {string.Join("; ", result.ExpectationFailures)}" +
        string.Concat(result.Violations.Select(v => $"\n  {v.Invariant} at {v.SimTimeMs} ms (step {v.Step}): {v.Message}")) +
        $"\n  reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run {relativePath} --seed {result.Seed}";

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Venice.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Venice.sln not found above the test directory");
    }
}
