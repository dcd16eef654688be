using System.Buffers;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>One encoded record of every kind, with and without leader metadata.</summary>
internal static class SampleRecords
{
    public static readonly ProducerMetadata Producer =
        new(new ProducerGuid(0x0123456789abcdefUL, 0xfedcba9876543210UL), Segment: 3, Sequence: 42, TimestampMs: 1_700_000_000_123);

    public static readonly LeaderMetadata Leader = new(HostId: 2, UpstreamOffset: 9_876_543_210, Term: 7);

    public static readonly byte[] Key = "user-17"u8.ToArray();
    public static readonly byte[] Value = "{\"name\":\"Ada\"}"u8.ToArray();
    /// <summary>Writes "Bob" over bytes 9..11 of a value.</summary>
    public static readonly byte[] UpdatePayload = PartialUpdate.Encode(9, "Bob"u8);

    public static readonly byte[] Md5Checksum = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    public static readonly ControlPayload[] ControlPayloads =
    [
        ControlPayload.StartOfPush(),
        ControlPayload.EndOfPush(),
        ControlPayload.StartOfSegment(ChecksumType.AdHash),
        ControlPayload.EndOfSegment(ChecksumType.Md5, Md5Checksum, final: false),
        ControlPayload.EndOfSegment(ChecksumType.None, [], final: true),
        ControlPayload.TopicSwitch("orders_rt", rewindStartTimestampMs: 1_699_913_600_000),
    ];

    public static byte[] Put(LeaderMetadata? leader = null) =>
        Encode(writer => RecordCodec.EncodePut(writer, Producer, leader, Key, Value));

    public static byte[] Delete(LeaderMetadata? leader = null) =>
        Encode(writer => RecordCodec.EncodeDelete(writer, Producer, leader, Key));

    public static byte[] Update(LeaderMetadata? leader = null, byte[]? payload = null) =>
        Encode(writer => RecordCodec.EncodeUpdate(writer, Producer, leader, Key, payload ?? UpdatePayload));

    public static byte[] Control(ControlPayload payload, LeaderMetadata? leader = null) =>
        Encode(writer => RecordCodec.EncodeControl(writer, Producer, leader, payload));

    /// <summary>Every sample record, encoded.</summary>
    public static IEnumerable<byte[]> All()
    {
        foreach (LeaderMetadata? leader in new LeaderMetadata?[] { null, Leader })
        {
            yield return Put(leader);
            yield return Delete(leader);
            yield return Update(leader);
            foreach (ControlPayload payload in ControlPayloads) yield return Control(payload, leader);
        }
    }

    public static DecodeStatus Decode(byte[] bytes, out VeniceRecord record) =>
        RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out record);

    private static byte[] Encode(Action<ArrayBufferWriter<byte>> encode)
    {
        var writer = new ArrayBufferWriter<byte>();
        encode(writer);
        return writer.WrittenSpan.ToArray();
    }
}
