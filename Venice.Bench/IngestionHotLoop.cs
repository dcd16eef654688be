using BenchmarkDotNet.Attributes;
using Venice.Sim.Benchmarking;
using Venice.Sim.InMemory;

namespace Venice.Bench;

/// <summary>
/// The ingestion hot loop: a follower replica ingesting N pre-produced VT records (one batch push:
/// START_OF_PUSH, N PUTs, END_OF_SEGMENT, END_OF_PUSH) from the in-memory log into in-memory storage,
/// through the real StoreIngestionTask with DIV, checkpointing and status reporting. Floor, the
/// baseline in the same class, does only what no ingestion can avoid: read, decode, checksum, insert.
/// Results are per record (OperationsPerInvoke). The fixture is the public <see cref="HotLoopFixture"/>,
/// so a user can measure the same loop over their own storage engine.
/// </summary>
[MemoryDiagnoser]
public class IngestionHotLoop
{
    private const int HotLoopRecords = 50_000;

    private HotLoopFixture fixture = null!;
    private HotLoopReplica replica = null!;
    private HotLoopFloor floor = null!;

    [Params(HotLoopRecords)]
    public int Records { get; set; }

    [Params(100)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public void ProduceTheVersionTopic()
    {
        // Coyote scheduling points are no-ops outside a test, but even a no-op call is not free.
        Preemption.Enabled = false;
        fixture = HotLoopFixture.Create(Records, ValueBytes);
    }

    [IterationSetup(Target = nameof(FollowerIngestion))]
    public void FreshReplica() => replica = fixture.NewReplica();

    [IterationSetup(Target = nameof(Floor))]
    public void FreshStorage() => floor = fixture.NewFloor();

    [Benchmark(OperationsPerInvoke = HotLoopRecords)]
    public long FollowerIngestion() => replica.IngestToEnd();

    [Benchmark(Baseline = true, OperationsPerInvoke = HotLoopRecords)]
    public long Floor() => floor.ReadDecodeInsert();
}
