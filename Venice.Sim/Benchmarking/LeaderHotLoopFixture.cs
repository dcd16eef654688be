using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.LeaderFollower;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Core.Validation;
using Venice.Sim.InMemory;
using Venice.Sim.Model;

namespace Venice.Sim.Benchmarking;

/// <summary>
/// The leader's hot loop, as a benchmark fixture: a hybrid store-version whose batch push is done
/// (START_OF_PUSH, END_OF_PUSH, TOPIC_SWITCH to the real-time topic) and whose real-time topic holds N
/// PUTs. <see cref="NewLeader"/> gives a replica promoted through the gate and switched to the RT, about to
/// replay it: consume each RT record through the leader's DIV, produce it to the VT with leader metadata,
/// persist it from the produce callback (the drainer's DIV and storage). <see cref="NewFloor"/> is its
/// baseline: read, decode and checksum the RT record, produce it with leader metadata, insert it. Every
/// leader or floor gets a fresh log (the replay appends to its VT), built in the benchmark's setup.
/// </summary>
public sealed class LeaderHotLoopFixture
{
    private static readonly StoreVersion Version = new("bench-hybrid", 1);
    private static readonly IngestionOptions Options = IngestionOptions.Defaults;

    private LeaderHotLoopFixture(int records, int valueBytes)
    {
        Records = records;
        ValueBytes = valueBytes;
    }

    /// <summary>PUTs in the real-time topic (what a benchmark divides by).</summary>
    public int Records { get; }

    /// <summary>Bytes per value.</summary>
    public int ValueBytes { get; }

    /// <summary>A fixture of <paramref name="records"/> real-time PUTs of <paramref name="valueBytes"/> bytes, one partition.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Records below 0, or value bytes outside 0..<see cref="ValueSize.MaxValueBytes"/>.</exception>
    public static LeaderHotLoopFixture Create(int records, int valueBytes = 100)
    {
        if (records < 0) throw new ArgumentOutOfRangeException(nameof(records), records, "records must be >= 0");
        if (valueBytes is < 0 or > ValueSize.MaxValueBytes) throw new ArgumentOutOfRangeException(nameof(valueBytes), valueBytes, $"valueBytes must be within 0..{ValueSize.MaxValueBytes}");
        return new LeaderHotLoopFixture(records, valueBytes);
    }

    private (InMemoryLog Log, SimClock Clock) NewLog()
    {
        var log = new InMemoryLog();
        var clock = new SimClock();
        log.CreateTopic(Version.VersionTopic, 1);
        log.CreateTopic(Version.RealTimeTopic, 1);
        var random = new SeededRandom(11);
        var driver = new VeniceWriter(log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        driver.BroadcastStartOfPush(1);
        driver.BroadcastEndOfPush(1);
        driver.SendControl(0, ControlPayload.TopicSwitch(Version.RealTimeTopic, -1));
        var realTime = new VeniceWriter(log, Version.RealTimeTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        var value = new byte[ValueBytes];
        Span<byte> key = stackalloc byte[HotLoopFixture.KeyBytes];
        for (int i = 0; i < Records; i++)
        {
            if (ValueBytes >= sizeof(int)) BitConverter.TryWriteBytes(value, i);
            WriteKey(key, i);
            realTime.Put(0, key, value);
        }
        // The replay appends a record of about the RT record's size (plus leader metadata) per RT record:
        // sized up front, as the storage is, so the measured loop does not pay for the log's growth.
        log.Reserve(new TopicPartition(Version.VersionTopic, 0), Records + 16, (long)(Records + 16) * (HotLoopFixture.KeyBytes + ValueBytes + 128));
        return (log, clock);
    }

    private static void WriteKey(Span<byte> key, int i)
    {
        "key-"u8.CopyTo(key);
        i.TryFormat(key[4..], out _, "D8");
    }

    private InMemoryStorageEngine NewStorage() =>
        new(Records + 16, (long)(Records + 16) * (HotLoopFixture.KeyBytes + ValueBytes));

    /// <summary>
    /// A leader of partition 0 on fresh, presized storage, promoted (term 1) through the promotion gate and
    /// switched to the RT: its next step replays the real-time topic.
    /// </summary>
    public LeaderHotLoopReplica NewLeader()
    {
        var (log, clock) = NewLog();
        var storage = NewStorage();
        var stores = new StoreRegistry();
        stores.Add(new StoreConfig(Version.Store, IsHybrid: true));
        var context = new IngestionContext(new ServerId(0), log, storage, clock, new PushStatusNotifier(new InMemoryMetadataStore()),
            NullWritePathObserver.Instance, Options, stores, new SeededRandom(1));
        var task = new StoreIngestionTask(Version, context);
        task.Enqueue(ConsumerActionType.Subscribe, 0);
        task.PromoteToLeader(0, term: 1);
        for (int guard = 0; guard < 1_000 && !ConsumesRealTime(task); guard++)
        {
            if (task.HasWork) task.Step();
            else if (task.NextDeadlineMs is { } deadline) clock.AdvanceTo(Math.Max(deadline, clock.NowMs + 1));
            else break;
        }
        if (!ConsumesRealTime(task)) throw new InvalidOperationException("the leader never switched to the real-time topic");
        return new LeaderHotLoopReplica(task, storage);
    }

    private static bool ConsumesRealTime(StoreIngestionTask task) =>
        task.TryGetPartition(0, out var state) && state.LeaderFollowerState == LeaderFollowerState.LEADER && state.ConsumesUpstream;

    /// <summary>The baseline: a fresh log and storage to read, checksum, produce and insert the RT into, nothing more.</summary>
    public LeaderHotLoopFloor NewFloor()
    {
        var (log, clock) = NewLog();
        var storage = NewStorage();
        var writer = new VeniceWriter(log, Version.VersionTopic, new SeededRandom(2).NextProducerGuid(), ChecksumType.AdHash, clock,
            new LeaderMetadata(0, -1, 1));
        return new LeaderHotLoopFloor(log, writer, storage.OpenPartition(Version, 0), Version, storage);
    }
}

/// <summary>A fresh leader of a <see cref="LeaderHotLoopFixture"/>, about to replay the real-time topic.</summary>
public sealed class LeaderHotLoopReplica
{
    private readonly StoreIngestionTask task;

    internal LeaderHotLoopReplica(StoreIngestionTask task, Core.Storage.IStorageEngine storage)
    {
        this.task = task;
        Storage = storage;
    }

    /// <summary>The storage the leader persists to.</summary>
    public Core.Storage.IStorageEngine Storage { get; }

    /// <summary>Steps the ingestion task until it has no work left (the RT replayed and persisted); returns the steps taken.</summary>
    public long ReplayToEnd()
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

/// <summary>The floor beside the leader's hot loop: what no leader can avoid.</summary>
public sealed class LeaderHotLoopFloor
{
    private readonly InMemoryLog log;
    private readonly VeniceWriter writer;
    private readonly Core.Storage.IStoragePartition partition;
    private readonly TopicPartition realTime;

    internal LeaderHotLoopFloor(InMemoryLog log, VeniceWriter writer, Core.Storage.IStoragePartition partition, StoreVersion version, Core.Storage.IStorageEngine storage)
    {
        this.log = log;
        this.writer = writer;
        this.partition = partition;
        realTime = new TopicPartition(version.RealTimeTopic, 0);
        Storage = storage;
    }

    /// <summary>The storage the floor writes to.</summary>
    public Core.Storage.IStorageEngine Storage { get; }

    /// <summary>
    /// Reads the RT to its end; per PUT: decode, checksum, produce to the VT with leader metadata (the
    /// writer encodes and checksums it), insert. Returns the records read.
    /// </summary>
    public long ReadProduceInsert()
    {
        SegmentChecksums.TryCreate(ChecksumType.AdHash, out var checksum);
        long read = 0;
        long offset = 0;
        while (log.TryRead(realTime, offset, out var entry))
        {
            offset = entry.Offset + 1;
            read++;
            var record = RecordCodec.Decode(entry.Payload, out DecodeStatus decodeStatus);
            if (decodeStatus != DecodeStatus.Ok || record.Type != MessageType.Put) continue;
            checksum!.UpdateRecord(record);
            writer.SetLeaderMetadata(new LeaderMetadata(0, entry.Offset, 1));
            writer.Put(0, record.Key.FirstSpan, record.Value.FirstSpan);
            partition.Put(record.Key.FirstSpan, record.Value.FirstSpan);
        }
        return read;
    }
}
