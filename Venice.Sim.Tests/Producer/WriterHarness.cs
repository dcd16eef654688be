using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Producer;

namespace Venice.Sim.Tests.Producer;

/// <summary>A VeniceWriter over a FakeLog and a ManualClock, with the log's records decoded for assertions.</summary>
internal sealed class WriterHarness
{
    public const string Topic = "orders_v1";
    public const int Partitions = 3;
    public static readonly ProducerGuid Guid = new(0xaaaa, 0xbbbb);

    public WriterHarness(ChecksumType checksumType = ChecksumType.AdHash, LeaderMetadata? leader = null)
    {
        Log.CreateTopic(Topic, Partitions);
        Writer = new VeniceWriter(Log, Topic, Guid, checksumType, Clock, leader);
    }

    public FakeLog Log { get; } = new();

    public ManualClock Clock { get; } = new() { NowMs = 1_000 };

    public VeniceWriter Writer { get; }

    public List<byte[]> RawRecords(int partition = 0) => Log.Records(Topic, partition);

    /// <summary>Every record of the partition, decoded; the records are views over the log's arrays.</summary>
    public VeniceRecord[] Records(int partition = 0) => RawRecords(partition).Select(Decode).ToArray();

    public static VeniceRecord Decode(byte[] bytes)
    {
        DecodeStatus status = RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out VeniceRecord record);
        Assert.That(status, Is.EqualTo(DecodeStatus.Ok), "the writer produced a record the codec cannot decode");
        return record;
    }

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
