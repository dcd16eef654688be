using BenchmarkDotNet.Attributes;
using Venice.Sim.Benchmarking;
using Venice.Sim.InMemory;

namespace Venice.Samples.Bench;

/// <summary>
/// The ingestion hot loop at 4 KiB values, from the packages: a follower replica ingesting a pushed
/// version topic (decode, DIV, apply, checkpoint), beside the floor of the same records read, decoded and
/// inserted with no write-path logic. The ratio says what the write path costs above the bare work.
/// </summary>
[MemoryDiagnoser]
public class FollowerIngestion4KiB
{
    private const int Records = 2_000;
    private HotLoopFixture fixture = null!;

    [GlobalSetup]
    public void Setup()
    {
        fixture = HotLoopFixture.Create(Records, valueBytes: 4096, partitions: 1);
    }

    [Benchmark(Baseline = true)]
    public long Floor() => fixture.NewFloor().ReadDecodeInsert();

    [Benchmark]
    public long FollowerIngestion() => fixture.NewReplica().IngestToEnd();
}
