using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Venice.Sim.Benchmarking;
using Venice.Sim.InMemory;

namespace Venice.Bench;

/// <summary>
/// The ingestion hot loop: a follower replica ingesting N pre-produced VT records (one batch push:
/// START_OF_PUSH, N PUTs, END_OF_SEGMENT, END_OF_PUSH) from the in-memory log into in-memory
/// storage, through the real StoreIngestionTask with DIV, checkpointing and status reporting. Floor,
/// the baseline in the same class, does only what no ingestion can avoid: read, decode, checksum,
/// insert. One operation is the whole push; the per-record columns divide by its records, which are
/// chosen per value size so that an iteration (one operation: the fresh replica is built in the
/// iteration setup) lasts well over 100 ms. Storage is sized up front in that setup, so Allocated is
/// what ingestion itself allocates. The fixture is the public <see cref="HotLoopFixture"/>, so a user
/// can measure the same loop over their own storage engine.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class IngestionHotLoop : IRecordsPerOperation
{
    private HotLoopFixture fixture = null!;
    private HotLoopReplica replica = null!;
    private HotLoopFloor floor = null!;

    [Params(100, 1024, 4096)]
    public int ValueBytes { get; set; }

    /// <summary>Well over 100 ms of floor per operation on the reference machine, whatever the value size.</summary>
    public static int RecordsFor(int valueBytes) => valueBytes switch
    {
        <= 100 => 650_000,
        <= 1024 => 400_000,
        _ => 200_000,
    };


    [GlobalSetup]
    public void ProduceTheVersionTopic()
    {
        fixture = HotLoopFixture.Create(RecordsFor(ValueBytes), ValueBytes);
    }

    [IterationSetup(Target = nameof(FollowerIngestion))]
    public void FreshReplica() => replica = fixture.NewReplica();

    [IterationSetup(Target = nameof(Floor))]
    public void FreshStorage() => floor = fixture.NewFloor();

    /// <summary>Drops the last iteration's replica and floor: see <see cref="Iterations.CollectTheLast"/>.</summary>
    [IterationCleanup]
    public void DropLastIteration()
    {
        replica = null!;
        floor = null!;
        Iterations.CollectTheLast();
    }

    [Benchmark]
    public long FollowerIngestion() => replica.IngestToEnd();

    [Benchmark(Baseline = true)]
    public long Floor() => floor.ReadDecodeInsert();

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(PerRecordColumn.All<IngestionHotLoop>());
    }
}
