using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Scenarios;

/// <summary>The `storage:` key: which engine every server of a scenario's world stores its replicas in.</summary>
public sealed class ScenarioStorageTests
{
    private const string OnRocksDb = "scenarios/fast/leader-crash-on-rocksdb.yaml";

    private static Scenario Parse(string text)
    {
        var result = ScenarioLoader.Parse(text, "scenarios/x.yaml");
        Assert.That(result.Error, Is.Null, result.Error?.ToString());
        return result.Scenario!;
    }

    [Test]
    public void A_scenario_without_a_storage_key_runs_in_memory() =>
        Assert.That(Parse(ScenarioTexts.Minimal).Storage, Is.EqualTo(ScenarioStorage.Memory));

    [TestCase("memory", ScenarioStorage.Memory)]
    [TestCase("rocksdb", ScenarioStorage.RocksDb)]
    public void The_storage_key_names_the_engine(string value, ScenarioStorage expected) =>
        Assert.That(Parse(ScenarioTexts.MinimalWith($"storage: {value}\n")).Storage, Is.EqualTo(expected));

    [Test]
    public void An_unknown_engine_is_reported_at_the_value_with_the_choices()
    {
        var result = ScenarioLoader.Parse(ScenarioTexts.MinimalWith("storage: leveldb\n"), "scenarios/x.yaml");

        Assert.That(result.Error?.ToString(), Is.EqualTo("scenarios/x.yaml:8:10: unknown value 'leveldb' for storage; expected one of: memory, rocksdb"));
    }

    [Test]
    public void A_rocksdb_scenario_is_refused_by_a_runner_given_no_rocksdb_engine()
    {
        var scenario = Parse(ScenarioTexts.MinimalWith("storage: rocksdb\n"));
        using var trace = new JsonLinesTraceWriter(Stream.Null);

        var refused = Assert.Throws<ScenarioRunException>(() => new ScenarioRunner().Run(scenario, new RunRequest(1, [], trace)));

        Assert.That(refused!.Message, Does.Contain("storage: rocksdb needs a RocksDB engine per server"));
    }

    [Test]
    public void The_rocksdb_library_scenario_runs_the_same_trace_as_in_memory()
    {
        var onRocksDb = LibraryScenario.Load(OnRocksDb);
        Assert.That(onRocksDb.Storage, Is.EqualTo(ScenarioStorage.RocksDb));

        var rocksDbRun = LibraryScenario.Run(onRocksDb, onRocksDb.Seed);
        var inMemoryRun = LibraryScenario.Run(onRocksDb with { Storage = ScenarioStorage.Memory }, onRocksDb.Seed);

        Assert.That(rocksDbRun.Outcome, Is.EqualTo(RunOutcome.Passed), LibraryScenario.Describe(rocksDbRun, OnRocksDb));
        Assert.That(rocksDbRun.TraceSha256, Is.EqualTo(inMemoryRun.TraceSha256));
    }
}
