using System.Buffers;
using System.Text;
using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>
/// UPDATE records on the real-time path: the leader applies each to the key's latest value (its own
/// writes still in flight included) and produces the result to the VT as a PUT; followers see only PUTs.
/// </summary>
[TestFixture]
public sealed class LeaderUpdateTests
{
    private static readonly StoreVersion Version = new("wc", 1);
    private static readonly TopicPartition Vt = new(Version.VersionTopic, 0);
    private const long Delay = 300_000;

    private static readonly IngestionOptions Options = IngestionOptions.Defaults with
    {
        PromotionDelayMs = Delay,
        PollBatchRecords = 10,
        LeaderBatchRecords = 10,
    };

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Key(int i) => Bytes($"key-{i}");

    [Test]
    public void Two_updates_of_a_key_in_one_batch_compose_although_the_first_is_not_persisted_when_the_second_is_applied()
    {
        var cluster = new Cluster();
        cluster.BatchPush();
        cluster.RealTime(rt =>
        {
            rt.Update(0, Key(0), PartialUpdate.Encode(0, Bytes("RT")));
            rt.Update(0, Key(0), PartialUpdate.Encode(7, Bytes("!!")));
        });

        var leader = cluster.Leader();

        // "batch-0", then "RT" at 0, then "!!" at 7. From storage alone the second would give "batch-0!!".
        Assert.That(leader.Value(Key(0)), Is.EqualTo("RTtch-0!!"));
        Assert.That(cluster.LeaderPutValues(), Is.EqualTo(new[] { "RTtch-0", "RTtch-0!!" }));
    }

    [Test]
    public void An_update_of_an_absent_key_starts_from_the_empty_value()
    {
        var cluster = new Cluster();
        cluster.BatchPush();
        cluster.RealTime(rt => rt.Update(0, Key(9), PartialUpdate.Encode(2, Bytes("x"))));

        var leader = cluster.Leader();

        Assert.That(leader.Storage(Key(9)), Is.EqualTo(new byte[] { 0, 0, (byte)'x' }));
    }

    [Test]
    public void An_update_after_a_put_or_a_delete_in_the_same_batch_starts_from_that_write()
    {
        var cluster = new Cluster();
        cluster.BatchPush();
        cluster.RealTime(rt =>
        {
            rt.Put(0, Key(0), Bytes("fresh"));
            rt.Update(0, Key(0), PartialUpdate.Encode(0, Bytes("F")));
            rt.Delete(0, Key(1));
            rt.Update(0, Key(1), PartialUpdate.Encode(1, Bytes("y")));
        });

        var leader = cluster.Leader();

        Assert.That(leader.Value(Key(0)), Is.EqualTo("Fresh"));
        Assert.That(leader.Storage(Key(1)), Is.EqualTo(new byte[] { 0, (byte)'y' }), "the delete, not batch-1, is the base");
    }

    [Test]
    public void Updates_across_batches_start_from_the_persisted_value()
    {
        var cluster = new Cluster();
        cluster.BatchPush();
        // More updates of one key than a leader batch holds, so later ones read what earlier batches persisted.
        cluster.RealTime(rt =>
        {
            for (int i = 0; i < 25; i++) rt.Update(0, Key(0), PartialUpdate.Encode(7 + i, [(byte)('a' + i)]));
        });

        var leader = cluster.Leader();

        Assert.That(leader.Value(Key(0)), Is.EqualTo("batch-0abcdefghijklmnopqrstuvwxy"));
    }

    [Test]
    public void The_version_topic_holds_the_results_as_leader_stamped_puts_and_never_an_update()
    {
        var cluster = new Cluster();
        cluster.BatchPush();
        cluster.RealTime(rt => rt.Update(0, Key(0), PartialUpdate.Encode(0, Bytes("U"))));

        cluster.Leader();

        var data = cluster.VersionTopicData();
        Assert.That(data.Select(r => r.Type), Has.None.EqualTo(MessageType.Update));
        var stamped = data.Where(r => r.HasLeaderMetadata).ToArray();
        Assert.That(stamped, Has.Length.EqualTo(1));
        Assert.That(stamped[0].Type, Is.EqualTo(MessageType.Put));
        Assert.That(stamped[0].Leader, Is.EqualTo(new LeaderMetadata(0, 1, 3)), "RT offset 0 is the RT producer's SOS");
    }

    [Test]
    public void A_follower_converges_with_the_leader_on_updated_values_without_div_faults()
    {
        var cluster = new Cluster();
        cluster.BatchPush();
        cluster.RealTime(rt =>
        {
            for (int i = 0; i < 12; i++) rt.Update(0, Key(i % 3), PartialUpdate.Encode(i, [(byte)('A' + i)]));
        });
        var leader = cluster.Leader();
        var follower = new Replica(cluster, server: 1);

        follower.RunUntilIdle();

        Assert.That(follower.Errored, Is.False);
        Assert.That(follower.Recorder.Events.Concat(leader.Recorder.Events), Has.None.StartsWith("div "));
        Assert.That(follower.Content(), Is.EqualTo(leader.Content()));
    }

    [Test]
    public void A_malformed_update_in_the_realtime_topic_is_a_lenient_div_fault_and_the_leader_carries_on()
    {
        var cluster = new Cluster();
        cluster.BatchPush();
        var rt = new TopicPartition(Version.RealTimeTopic, 0);
        cluster.RealTime(writer => writer.Update(0, Key(0), PartialUpdate.Encode(0, Bytes("A"))));
        long corruptOffset = cluster.Log.EndOffset(rt);
        cluster.Log.Produce(rt, UpdateWithOffset(Key(0), -1));
        cluster.RealTime(writer => writer.Update(0, Key(0), PartialUpdate.Encode(1, Bytes("B"))));

        var leader = cluster.Leader();

        Assert.That(leader.Recorder.Events, Has.Some.EqualTo($"div Corrupt {corruptOffset} lenient"));
        Assert.That(leader.Value(Key(0)), Is.EqualTo("ABtch-0"));
    }

    /// <summary>The bytes of an UPDATE whose payload's offset field says <paramref name="offset"/>, valid or not.</summary>
    private static byte[] UpdateWithOffset(byte[] key, int offset)
    {
        byte[] payload = PartialUpdate.Encode(0, Bytes("Z"));
        var writer = new ArrayBufferWriter<byte>();
        RecordCodec.EncodeUpdate(writer, new ProducerMetadata(new ProducerGuid(7, 7), 0, 1, 0), null, key, payload);
        byte[] bytes = writer.WrittenSpan.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - payload.Length), offset);
        return bytes;
    }

    /// <summary>Batch push, TOPIC_SWITCH, then an RT producer writing what the test says.</summary>
    private sealed class Cluster
    {
        private readonly SeededRandom random = new(1);

        public Cluster()
        {
            Log.CreateTopic(Version.VersionTopic, 1);
            Log.CreateTopic(Version.RealTimeTopic, 1);
            Stores.Add(new StoreConfig(Version.Store, IsHybrid: true));
        }

        public InMemoryLog Log { get; } = new();
        public InMemoryMetadataStore Metadata { get; } = new();
        public SimClock Clock { get; } = new();
        public StoreRegistry Stores { get; } = new();

        public VeniceWriter Writer(string topic) => new(Log, topic, random.NextProducerGuid(), ChecksumType.AdHash, Clock);

        /// <summary>SOP, key-0..key-4 = batch-0..batch-4, EOP, TOPIC_SWITCH to the RT.</summary>
        public void BatchPush()
        {
            var driver = Writer(Version.VersionTopic);
            var data = Writer(Version.VersionTopic);
            driver.BroadcastStartOfPush(1);
            for (int i = 0; i < 5; i++) data.Put(0, Key(i), Bytes($"batch-{i}"));
            data.Close();
            driver.BroadcastEndOfPush(1);
            driver.SendControl(0, ControlPayload.TopicSwitch(Version.RealTimeTopic, -1));
        }

        public void RealTime(Action<VeniceWriter> write) => write(Writer(Version.RealTimeTopic));

        /// <summary>Server 0, promoted through the gate with term 3, run until it has replayed the RT.</summary>
        public Replica Leader()
        {
            var leader = new Replica(this, server: 0);
            leader.Task.PromoteToLeader(0, term: 3);
            leader.RunUntilIdle();
            Clock.AdvanceBy(Delay);
            leader.RunUntilIdle();
            Assert.That(leader.Errored, Is.False);
            return leader;
        }

        /// <summary>Every data record in the VT, decoded (keys and values copied out).</summary>
        public List<(MessageType Type, bool HasLeaderMetadata, LeaderMetadata Leader, string Value)> VersionTopicData()
        {
            var data = new List<(MessageType, bool, LeaderMetadata, string)>();
            for (long offset = 0; Log.TryRead(Vt, offset, out var entry); offset = entry.Offset + 1)
            {
                Assert.That(RecordCodec.TryDecode(entry.Payload, out var record), Is.EqualTo(DecodeStatus.Ok));
                if (record.IsData) data.Add((record.Type, record.HasLeaderMetadata, record.Leader, Encoding.ASCII.GetString(record.Value.ToArray())));
            }
            return data;
        }

        public string[] LeaderPutValues() => VersionTopicData().Where(r => r.HasLeaderMetadata).Select(r => r.Value).ToArray();
    }

    private sealed class Replica
    {
        private readonly InMemoryStorageEngine storage = new();

        public Replica(Cluster cluster, int server)
        {
            var context = new IngestionContext(new ServerId(server), cluster.Log, storage, cluster.Clock,
                new PushStatusNotifier(cluster.Metadata), Recorder, Options, cluster.Stores, new SeededRandom(100 + server));
            Task = new StoreIngestionTask(Version, context);
            Task.Enqueue(ConsumerActionType.Subscribe, 0);
        }

        public Recorder Recorder { get; } = new();

        public StoreIngestionTask Task { get; }

        public bool Errored => Task.TryGetPartition(0, out var state) && state.Errored;

        public void RunUntilIdle()
        {
            for (int guard = 0; Task.HasWork && guard < 100_000; guard++) Task.Step();
        }

        public byte[]? Storage(byte[] key) => storage.Open(Version, 0).TryGet(key, out var value) ? value.ToArray() : null;

        public string? Value(byte[] key) => Storage(key) is { } value ? Encoding.ASCII.GetString(value) : null;

        public string[] Content() =>
            storage.Open(Version, 0).SnapshotSorted().Select(kv => $"{Encoding.ASCII.GetString(kv.Key)}={Convert.ToHexString(kv.Value)}").ToArray();
    }
}
