using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Venice.Sim;
using Venice.Sim.Model;

namespace Venice.Bench;

/// <summary>
/// How the whole simulated world's cost grows (issue 14, item 4): one operation is one whole seeded run
/// (world build, push job, Helix, 16 servers ingesting at replication factor 3, controller, invariants,
/// end-state checks, trace hash) of a batch push, no faults; the <c>ns/replica-record</c> column divides
/// the mean by records x 3. The cases sweep the records at 16 partitions (10 k, 100 k, 1 M; goal: within
/// +-15 %) and the partitions at 100 k records (1 to 256; goal: within +-20 %). Run it as
/// Venice.Bench/regenerate.sh does (a short job, one warm-up, three iterations: the 1 M case takes seconds
/// per run); a job attribute here would run beside the command line's in-process job, not instead of it.
/// docs/benchmarks.md#world-scaling-worldscaling.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class WorldScaling
{
    public const int Servers = 16;
    public const int ReplicationFactor = 3;
    public const int ValueBytes = 32;
    public const int FixedPartitions = 16;
    public const int FixedRecords = 100_000;

    /// <summary>One world shape: records pushed and partitions of the store.</summary>
    public sealed record Shape(int Records, int Partitions)
    {
        public long ReplicaRecords => (long)Records * ReplicationFactor;

        // BenchmarkDotNet shows parameters by ToString and cuts anything over 20 characters: keep it short.
        public override string ToString() => $"{Records / 1000}k x {Partitions}p";
    }

    public static IEnumerable<Shape> Shapes()
    {
        foreach (int records in new[] { 10_000, 100_000, 1_000_000 }) yield return new Shape(records, FixedPartitions);
        foreach (int partitions in new[] { 1, 4, 64, 256 }) yield return new Shape(FixedRecords, partitions);
    }

    [ParamsSource(nameof(Shapes))]
    public Shape World { get; set; } = new(FixedRecords, FixedPartitions);

    private WorldBuilder builder = null!;
    private long nextSeed;

    /// <summary>The world of one shape: 16 servers, one batch store, 32-byte values, every key distinct.</summary>
    public static WorldBuilder Build(Shape shape)
    {
        var store = new StoreDefinition("scaling") { Kind = StoreKind.Batch, Partitions = shape.Partitions, ReplicationFactor = ReplicationFactor };
        return WorldBuilder.Create(1)
            .WithName($"scaling-{shape.Records}-{shape.Partitions}")
            .WithServers(Servers)
            .WithStore(store)
            .WithPush(store.Name, Workload.Puts(shape.Records, shape.Records, ValueBytes))
            .WithPhases(TimeSpan.Zero, TimeSpan.FromHours(2));
    }

    [GlobalSetup]
    public void Setup()
    {
        builder = Build(World);
        nextSeed = 1;
    }

    [Benchmark]
    public long WholeWorld() => builder.WithSeed(nextSeed++).Build().Run().Steps;

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(PerRecordColumn.Per("replica-record", c => ((Shape)c.Parameters["World"]).ReplicaRecords));
    }
}
