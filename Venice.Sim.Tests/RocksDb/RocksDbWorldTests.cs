using Venice.Sim.Model;
using Venice.Sim.Running;
using Venice.Storage.RocksDb;

namespace Venice.Sim.Tests.RocksDb;

/// <summary>
/// Whole worlds on RocksDB, chosen per world with <c>WithStorage(id => new RocksDbStorageEngine(...))</c>:
/// the run, crashes included, is the same run as on in-memory storage, event for event, since both
/// engines keep the same visible and durable state. Each server's database lives in a temporary
/// directory that the test deletes.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RocksDbWorldTests
{
    private readonly List<RocksDbStorageEngine> engines = new();
    private string root = "";

    [SetUp]
    public void CreateTheRoot() => root = Path.Combine(Path.GetTempPath(), "venice-rocksdb-worlds", Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteTheDatabases()
    {
        foreach (RocksDbStorageEngine engine in engines) engine.Dispose();
        engines.Clear();
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private RocksDbStorageEngine NewEngine(Venice.Core.ServerId id)
    {
        var engine = new RocksDbStorageEngine(Path.Combine(root, $"server-{id.Value}"));
        engines.Add(engine);
        return engine;
    }

    private static WorldBuilder LeaderCrashMidPush() =>
        WorldBuilder.Create(3)
            .WithServers(3)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 3))
            .WithPush("orders", Workload.Puts(records: 1_500, keys: 400, valueBytes: 100))
            .WithFault(Fault.Crash(ServerTarget.LeaderOf("orders", partition: 0))
                .When(Milestone.PromotionStarted("orders", partition: 0), delay: TimeSpan.FromMilliseconds(30)))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(30), settleWithin: TimeSpan.FromSeconds(600))
            .WithRecordedTrace();

    private static WorldBuilder DeleteHeavyHybridWithACrash() =>
        WorldBuilder.Create(11).WithServers(3)
            .WithStore(StoreDefinition.Hybrid("carts", partitions: 2, replicationFactor: 3))
            .WithPush("carts", new Workload { Records = 300, Keys = 60, ValueSize = ValueSize.Fixed(24), Mix = new OperationMix(puts: 1, deletes: 2, updates: 0) })
            .WithRealtime("carts", new Workload { Records = 120, Keys = 60, ValueSize = ValueSize.Fixed(16), Mix = new OperationMix(puts: 1, deletes: 2, updates: 0), RatePerSecond = 40 })
            .WithFault(Fault.Crash(1).At(TimeSpan.FromSeconds(2)))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(30), settleWithin: TimeSpan.FromSeconds(900))
            .WithRecordedTrace();

    [Test]
    public void A_leader_crash_mid_push_on_RocksDB_is_the_same_run_as_in_memory() => SameRun(LeaderCrashMidPush());

    [Test]
    public void A_delete_heavy_hybrid_world_with_a_crash_on_RocksDB_is_the_same_run_as_in_memory() => SameRun(DeleteHeavyHybridWithACrash());

    private void SameRun(WorldBuilder world)
    {
        RunResult inMemory = world.Build().Run();
        RunResult onRocksDb = world.WithStorage(NewEngine).Build().Run();

        Assert.That(onRocksDb.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", onRocksDb.ExpectationFailures));
        Assert.That(onRocksDb.FiredFaults, Has.Count.GreaterThan(0), "the crash fired");
        Assert.That(onRocksDb.TraceEvents, Is.EqualTo(inMemory.TraceEvents));
        Assert.That(engines, Has.Count.EqualTo(3), "one database per server");
    }
}
