using BenchmarkDotNet.Attributes;
using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Core.Validation;
using Venice.Sim.InMemory;

namespace Venice.Bench;

/// <summary>
/// The ingestion hot loop: a follower replica ingesting N pre-produced VT records (one batch push:
/// START_OF_PUSH, N PUTs, END_OF_SEGMENT, END_OF_PUSH) from the in-memory log into in-memory storage,
/// through the real StoreIngestionTask with DIV, checkpointing and status reporting. Floor, the
/// baseline in the same class, does only what no ingestion can avoid: read, decode, checksum, insert.
/// Results are per record (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class IngestionHotLoop
{
    private const int HotLoopRecords = 50_000;
    private static readonly StoreVersion Version = new("bench", 1);

    private InMemoryLog log = null!;
    private InMemoryStorageEngine storage = null!;
    private StoreIngestionTask task = null!;
    private InMemoryMetadataStore metadata = null!;
    private readonly SimClock clock = new();

    [Params(HotLoopRecords)]
    public int Records { get; set; }

    [Params(100)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public void ProduceTheVersionTopic()
    {
        // Coyote scheduling points are no-ops outside a test, but even a no-op call is not free.
        Preemption.Enabled = false;
        log = new InMemoryLog();
        log.CreateTopic(Version.VersionTopic, 1);
        var random = new SeededRandom(7);
        var driver = new VeniceWriter(log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        var data = new VeniceWriter(log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        driver.BroadcastStartOfPush(1);
        var value = new byte[ValueBytes];
        for (int i = 0; i < Records; i++)
        {
            BitConverter.TryWriteBytes(value, i);
            data.Put(0, System.Text.Encoding.ASCII.GetBytes($"key-{i:D8}"), value);
        }
        data.Close();
        driver.BroadcastEndOfPush(1);
        driver.Close();
    }

    [IterationSetup(Target = nameof(FollowerIngestion))]
    public void FreshReplica()
    {
        storage = new InMemoryStorageEngine();
        metadata = new InMemoryMetadataStore();
        var context = new IngestionContext(new ServerId(0), log, storage, clock, new PushStatusNotifier(metadata),
            NullWritePathObserver.Instance, IngestionOptions.Defaults, new StoreRegistry(), new SeededRandom(1));
        task = new StoreIngestionTask(Version, context);
        task.Enqueue(ConsumerActionType.Subscribe, 0);
        task.Step();
    }

    [IterationSetup(Target = nameof(Floor))]
    public void FreshStorage() => storage = new InMemoryStorageEngine();

    [Benchmark(OperationsPerInvoke = HotLoopRecords)]
    public long FollowerIngestion()
    {
        long steps = 0;
        while (task.HasWork)
        {
            task.Step();
            steps++;
        }
        return steps;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = HotLoopRecords)]
    public long Floor()
    {
        var partition = storage.OpenPartition(Version, 0);
        SegmentChecksums.TryCreate(ChecksumType.AdHash, out var checksum);
        var topicPartition = new TopicPartition(Version.VersionTopic, 0);
        long offset = 0;
        while (log.TryRead(topicPartition, offset, out var entry))
        {
            offset = entry.Offset + 1;
            if (RecordCodec.TryDecode(entry.Payload, out var record) != DecodeStatus.Ok || record.Type != MessageType.Put) continue;
            checksum!.UpdateRecord(record);
            partition.Put(record.Key.FirstSpan, record.Value.FirstSpan);
        }
        return offset;
    }
}
