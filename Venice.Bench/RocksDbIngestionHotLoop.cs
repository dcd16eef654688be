using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RocksDbSharp;
using Venice.Sim.Benchmarking;
using Venice.Sim.InMemory;
using Venice.Storage.RocksDb;

namespace Venice.Bench;

/// <summary>
/// The same hot loop as <see cref="IngestionHotLoop"/> over RocksDB: FollowerIngestion writes through
/// <see cref="RocksDbStorageEngine"/> (unsynced writes in a WriteBatchWithIndex, one synced write per
/// checkpoint); Floor reads, decodes and checksums the same records and puts them into one bare
/// RocksDB WriteBatch per partition, written with sync=true at the partition's end. Every iteration
/// starts on a fresh database in a temporary directory, deleted in the iteration's cleanup.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class RocksDbIngestionHotLoop : IRecordsPerOperation
{
    private HotLoopFixture fixture = null!;
    private HotLoopReplica replica = null!;
    private HotLoopSinkFloor floor = null!;
    private IDisposable? open;
    private string? directory;

    [Params(100, 1024, 4096)]
    public int ValueBytes { get; set; }

    public static int RecordsFor(int valueBytes) => valueBytes switch
    {
        <= 100 => 200_000,
        <= 1024 => 100_000,
        _ => 40_000,
    };


    [GlobalSetup]
    public void ProduceTheVersionTopic()
    {
        fixture = HotLoopFixture.Create(RecordsFor(ValueBytes), ValueBytes, storage: () =>
        {
            var engine = new RocksDbStorageEngine(NewDirectory());
            open = engine;
            return engine;
        });
    }

    [IterationSetup(Target = nameof(FollowerIngestion))]
    public void FreshReplica() => replica = fixture.NewReplica();

    [IterationSetup(Target = nameof(Floor))]
    public void FreshBatch()
    {
        var sink = new BatchSink(NewDirectory());
        open = sink;
        floor = fixture.NewFloor(sink);
    }

    [IterationCleanup]
    public void DeleteTheDatabase()
    {
        open?.Dispose();
        open = null;
        if (directory is not null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        directory = null;
    }

    [Benchmark]
    public long FollowerIngestion() => replica.IngestToEnd();

    [Benchmark(Baseline = true)]
    public long Floor() => floor.ReadDecodeInsert();

    private string NewDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "venice-bench-rocksdb", Guid.NewGuid().ToString("N"));
        return directory;
    }

    /// <summary>The floor's sink: a bare WriteBatch of the records, one synced write per partition.</summary>
    private sealed class BatchSink : IHotLoopSink, IDisposable
    {
        private static readonly WriteOptions Synced = new WriteOptions().SetSync(true);
        private readonly RocksDb db;
        private readonly WriteBatch batch = new();

        public BatchSink(string directory)
        {
            Directory.CreateDirectory(directory);
            db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true), directory);
        }

        public void Put(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => batch.Put(key, value, null);

        public void EndOfPartition(int partition)
        {
            db.Write(batch, Synced);
            batch.Clear();
        }

        public void Dispose()
        {
            batch.Dispose();
            db.Dispose();
        }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(PerRecordColumn.All<RocksDbIngestionHotLoop>());
    }
}
