using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Core.Storage;
using Venice.Core.Validation;
using Venice.Sim.InMemory;
using Venice.Sim.Model;

namespace Venice.Sim.Benchmarking;

/// <summary>
/// The ingestion hot loop, as a benchmark fixture: one batch push (START_OF_PUSH, N PUTs spread over the
/// partitions, END_OF_SEGMENT, END_OF_PUSH) pre-produced into the in-memory log, and fresh follower
/// replicas that ingest it through the real StoreIngestionTask (DIV, checkpointing, status reporting)
/// into a storage engine of the caller's choice. <see cref="NewFloor()"/> is the baseline beside it: only
/// what no ingestion can avoid (read, decode, checksum, insert). Build once per benchmark (global setup),
/// take a fresh replica or floor per iteration.
/// </summary>
public sealed class HotLoopFixture
{
    private static readonly StoreVersion Version = new("bench", 1);
    private readonly InMemoryLog log;
    private readonly Func<IStorageEngine> newStorage;
    private readonly SimClock clock = new();

    private HotLoopFixture(int records, int valueBytes, int partitions, Func<IStorageEngine> newStorage)
    {
        Records = records;
        ValueBytes = valueBytes;
        Partitions = partitions;
        this.newStorage = newStorage;
        log = new InMemoryLog();
        log.CreateTopic(Version.VersionTopic, partitions);
        var random = new SeededRandom(7);
        var driver = new VeniceWriter(log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        var data = new VeniceWriter(log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        driver.BroadcastStartOfPush(partitions);
        var value = new byte[valueBytes];
        for (int i = 0; i < records; i++)
        {
            if (valueBytes >= sizeof(int)) BitConverter.TryWriteBytes(value, i);
            data.Put(i % partitions, System.Text.Encoding.ASCII.GetBytes($"key-{i:D8}"), value);
        }
        data.Close();
        driver.BroadcastEndOfPush(partitions);
        driver.Close();
    }

    /// <summary>Records in the push (what a benchmark's OperationsPerInvoke divides by).</summary>
    public int Records { get; }

    /// <summary>Bytes per value.</summary>
    public int ValueBytes { get; }

    /// <summary>Partitions of the version topic; records are spread round-robin.</summary>
    public int Partitions { get; }

    /// <summary>
    /// Pre-produces the push.
    /// </summary>
    /// <param name="storage">A fresh storage engine per replica or floor; in-memory by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">Records below 0, value bytes outside 0..<see cref="ValueSize.MaxValueBytes"/>, partitions outside 1..<see cref="StoreDefinition.MaxPartitions"/>.</exception>
    public static HotLoopFixture Create(int records, int valueBytes = 100, int partitions = 1, Func<IStorageEngine>? storage = null)
    {
        if (records < 0) throw new ArgumentOutOfRangeException(nameof(records), records, "records must be >= 0");
        if (valueBytes is < 0 or > ValueSize.MaxValueBytes) throw new ArgumentOutOfRangeException(nameof(valueBytes), valueBytes, $"valueBytes must be within 0..{ValueSize.MaxValueBytes}");
        if (partitions is < 1 or > StoreDefinition.MaxPartitions) throw new ArgumentOutOfRangeException(nameof(partitions), partitions, $"partitions must be within 1..{StoreDefinition.MaxPartitions}");
        return new HotLoopFixture(records, valueBytes, partitions, storage ?? PresizedInMemory(records, valueBytes, partitions));
    }

    /// <summary>
    /// In-memory storage sized for the push up front, so a measured iteration pays for ingestion and
    /// not for the arena's amortised growth (which happens in the iteration's setup instead).
    /// </summary>
    private static Func<IStorageEngine> PresizedInMemory(int records, int valueBytes, int partitions)
    {
        int keysPerPartition = (records + partitions - 1) / partitions;
        long bytesPerPartition = (long)keysPerPartition * (KeyBytes + valueBytes);
        return () => new InMemoryStorageEngine(keysPerPartition, bytesPerPartition);
    }

    /// <summary>Bytes of every key of the push ("key-" and eight digits).</summary>
    public const int KeyBytes = 12;

    /// <summary>A follower replica subscribed to every partition, on fresh storage, about to ingest the push.</summary>
    public HotLoopReplica NewReplica()
    {
        var storage = newStorage();
        var context = new IngestionContext(new ServerId(0), log, storage, clock, new PushStatusNotifier(new InMemoryMetadataStore()),
            NullWritePathObserver.Instance, IngestionOptions.Defaults, new StoreRegistry(), new SeededRandom(1));
        var task = new StoreIngestionTask(Version, context);
        for (int p = 0; p < Partitions; p++) task.Enqueue(ConsumerActionType.Subscribe, p);
        task.Step(); // the subscriptions, so the replica's first measured step ingests
        return new HotLoopReplica(task, storage);
    }

    /// <summary>The baseline: fresh storage to read, decode, checksum and insert the push into, nothing more.</summary>
    public HotLoopFloor NewFloor() => new(log, newStorage(), Partitions, Version);

    /// <summary>
    /// A floor over a sink of the caller's (a bare batch of a real engine, say): the same read, decode
    /// and checksum, each PUT handed to <paramref name="sink"/> instead of a storage partition.
    /// </summary>
    public HotLoopSinkFloor NewFloor(IHotLoopSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return new HotLoopSinkFloor(log, sink, Partitions, Version);
    }
}

/// <summary>A fresh follower replica of a <see cref="HotLoopFixture"/>.</summary>
public sealed class HotLoopReplica
{
    private readonly StoreIngestionTask task;

    internal HotLoopReplica(StoreIngestionTask task, IStorageEngine storage)
    {
        this.task = task;
        Storage = storage;
    }

    /// <summary>The storage the replica writes to.</summary>
    public IStorageEngine Storage { get; }

    /// <summary>Steps the ingestion task until it has no work left (the push ingested); returns the steps taken.</summary>
    public long IngestToEnd()
    {
        long steps = 0;
        while (task.HasWork)
        {
            task.Step();
            steps++;
        }
        return steps;
    }
}

/// <summary>The floor beside the hot loop: what no ingestion can avoid.</summary>
public sealed class HotLoopFloor
{
    private readonly InMemoryLog log;
    private readonly int partitions;
    private readonly StoreVersion version;

    private readonly IStoragePartition[] opened;

    internal HotLoopFloor(InMemoryLog log, IStorageEngine storage, int partitions, StoreVersion version)
    {
        this.log = log;
        Storage = storage;
        this.partitions = partitions;
        this.version = version;
        // Opened here, in the benchmark's setup, as the replica's subscriptions are.
        opened = new IStoragePartition[partitions];
        for (int p = 0; p < partitions; p++) opened[p] = storage.OpenPartition(version, p);
    }

    /// <summary>The storage the floor writes to.</summary>
    public IStorageEngine Storage { get; }

    /// <summary>Reads every partition to its end, decodes, checksums and inserts each PUT; returns the records read.</summary>
    public long ReadDecodeInsert()
    {
        long read = 0;
        for (int p = 0; p < partitions; p++)
        {
            var partition = opened[p];
            SegmentChecksums.TryCreate(ChecksumType.AdHash, out var checksum);
            var topicPartition = new TopicPartition(version.VersionTopic, p);
            long offset = 0;
            while (log.TryRead(topicPartition, offset, out var entry))
            {
                offset = entry.Offset + 1;
                read++;
                var record = RecordCodec.Decode(entry.Payload, out DecodeStatus decodeStatus);
                if (decodeStatus != DecodeStatus.Ok || record.Type != MessageType.Put) continue;
                checksum!.UpdateRecord(record);
                partition.Put(record.Key.FirstSpan, record.Value.FirstSpan);
            }
        }
        return read;
    }
}

/// <summary>Where a <see cref="HotLoopSinkFloor"/> puts the records it decoded.</summary>
public interface IHotLoopSink
{
    /// <summary>One PUT of the push; the spans are valid only during the call.</summary>
    void Put(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>The partition's records are all handed over (a batch sink writes its batch here).</summary>
    void EndOfPartition(int partition);
}

/// <summary>The floor beside the hot loop over a caller's sink: read, decode, checksum, hand over.</summary>
public sealed class HotLoopSinkFloor
{
    private readonly InMemoryLog log;
    private readonly IHotLoopSink sink;
    private readonly int partitions;
    private readonly StoreVersion version;

    internal HotLoopSinkFloor(InMemoryLog log, IHotLoopSink sink, int partitions, StoreVersion version)
    {
        this.log = log;
        this.sink = sink;
        this.partitions = partitions;
        this.version = version;
    }

    /// <summary>Reads every partition to its end, decodes, checksums and hands each PUT to the sink; returns the records read.</summary>
    public long ReadDecodeInsert()
    {
        long read = 0;
        for (int p = 0; p < partitions; p++)
        {
            SegmentChecksums.TryCreate(ChecksumType.AdHash, out var checksum);
            var topicPartition = new TopicPartition(version.VersionTopic, p);
            long offset = 0;
            while (log.TryRead(topicPartition, offset, out var entry))
            {
                offset = entry.Offset + 1;
                read++;
                var record = RecordCodec.Decode(entry.Payload, out DecodeStatus decodeStatus);
                if (decodeStatus != DecodeStatus.Ok || record.Type != MessageType.Put) continue;
                checksum!.UpdateRecord(record);
                sink.Put(p, record.Key.FirstSpan, record.Value.FirstSpan);
            }

            sink.EndOfPartition(p);
        }

        return read;
    }
}
