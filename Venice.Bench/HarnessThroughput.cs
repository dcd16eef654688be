using BenchmarkDotNet.Attributes;
using Venice.Sim;
using Venice.Sim.Benchmarking;
using Venice.Sim.InMemory;
using Venice.Sim.Model;

namespace Venice.Bench;

/// <summary>
/// The harness's own throughput (issue 14, item 5), in-process, one core: how many seeded runs per
/// second a 3-server, 4-partition, 10,000-record batch world with random faults (a crash, a session
/// expiry, a pause, placed by the seed) completes, build and end-state checks included. One operation
/// is one whole run; each invocation takes the next seed, so the mean is over many fault placements.
/// runs/s per core = 1e9 / Mean (ns). docs/benchmarks.md#harness-throughput.
/// </summary>
[MemoryDiagnoser]
public class HarnessThroughput
{
    private long nextSeed;

    /// <summary>The benchmark world: 3 servers, one batch store of 4 partitions at replication factor 3, a 10,000-record push of 100-byte values.</summary>
    public static WorldBuilder World(bool faults)
    {
        var store = new StoreDefinition(HarnessWorlds.Store) { Kind = StoreKind.Batch, Partitions = 4, ReplicationFactor = 3 };
        var world = WorldBuilder.Create(1)
            .WithName(faults ? "throughput-with-faults" : "throughput-healthy")
            .WithServers(3)
            .WithStore(store)
            .WithPush(store.Name, Workload.Puts(HarnessWorlds.Records, HarnessWorlds.Records, HarnessWorlds.ValueBytes))
            .WithPhases(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(600));
        return faults ? world.WithRandomFaults(new RandomFaults(Crashes: 1, SessionExpiries: 1, Pauses: 1)) : world;
    }

    private WorldBuilder world = null!;

    [GlobalSetup]
    public void Setup()
    {
        world = World(faults: true);
        nextSeed = 1;
    }

    [Benchmark]
    public long SeededRunWithFaults() => world.WithSeed(nextSeed++).Build().Run().Steps;
}

/// <summary>
/// The full simulated cluster's cost per replica-record against the direct hot loop's (issue 14,
/// item 5; goal: at most 3x). Both operations apply the same 30,000 replica-records, 10,000 records of
/// 100-byte values over 4 partitions, times 3 replicas, and OperationsPerInvoke divides by that, so
/// Mean is ns per replica-record and Ratio is the cluster's overhead: `HotLoop` is three fresh
/// follower replicas ingesting the pre-produced push through the real StoreIngestionTask
/// (<see cref="HotLoopFixture"/>), `SimulatedCluster` the whole world without faults (push job
/// producing, Helix, three servers ingesting, controller, invariants, end-state checks, trace hash).
/// </summary>
[MemoryDiagnoser]
public class ClusterCostPerReplicaRecord
{
    private const int ReplicaRecords = HarnessWorlds.Records * 3;
    private HotLoopFixture fixture = null!;
    private WorldBuilder world = null!;
    private long nextSeed;

    [GlobalSetup]
    public void Setup()
    {
        fixture = HotLoopFixture.Create(HarnessWorlds.Records, HarnessWorlds.ValueBytes, partitions: 4);
        world = HarnessThroughput.World(faults: false);
        nextSeed = 1;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ReplicaRecords)]
    public long HotLoop()
    {
        long steps = 0;
        for (int replica = 0; replica < 3; replica++) steps += fixture.NewReplica().IngestToEnd();
        return steps;
    }

    [Benchmark(OperationsPerInvoke = ReplicaRecords)]
    public long SimulatedCluster() => world.WithSeed(nextSeed++).Build().Run().Steps;
}

/// <summary>The shape both harness benchmarks share.</summary>
internal static class HarnessWorlds
{
    public const string Store = "bench";
    public const int Records = 10_000;
    public const int ValueBytes = 100;
}
