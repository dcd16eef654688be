using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Venice.Sim.Benchmarking;
using Venice.Sim.InMemory;

namespace Venice.Bench;

/// <summary>
/// The leader's hot loop: a hybrid replica, promoted and switched to the real-time topic, replays N RT
/// PUTs through the real StoreIngestionTask: leader DIV, produce to the VT with leader metadata, persist
/// from the produce callback (drainer DIV, storage, transient-record bookkeeping). Floor, the baseline in
/// the same class, reads, decodes and checksums each RT record, produces it with leader metadata and
/// inserts it. One operation is the whole replay; a fresh log, storage and leader are built in the
/// iteration setup (<see cref="LeaderHotLoopFixture"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class LeaderHotLoop : IRecordsPerOperation
{
    private LeaderHotLoopFixture fixture = null!;
    private LeaderHotLoopReplica leader = null!;
    private LeaderHotLoopFloor floor = null!;

    [Params(100, 1024, 4096)]
    public int ValueBytes { get; set; }

    /// <summary>Well over 100 ms per operation on the reference machine, whatever the value size.</summary>
    public static int RecordsFor(int valueBytes) => valueBytes switch
    {
        <= 100 => 400_000,
        <= 1024 => 250_000,
        _ => 100_000,
    };


    [GlobalSetup]
    public void Create()
    {
        fixture = LeaderHotLoopFixture.Create(RecordsFor(ValueBytes), ValueBytes);
    }

    [IterationSetup(Target = nameof(LeaderReplay))]
    public void FreshLeader() => leader = fixture.NewLeader();

    [IterationSetup(Target = nameof(Floor))]
    public void FreshFloor() => floor = fixture.NewFloor();

    /// <summary>Drops the last iteration's replica and floor: see <see cref="Iterations.CollectTheLast"/>.</summary>
    [IterationCleanup]
    public void DropLastIteration()
    {
        leader = null!;
        floor = null!;
        Iterations.CollectTheLast();
    }

    [Benchmark]
    public long LeaderReplay() => leader.ReplayToEnd();

    [Benchmark(Baseline = true)]
    public long Floor() => floor.ReadProduceInsert();

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(PerRecordColumn.All<LeaderHotLoop>());
    }
}
