using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Venice.Core.Ingestion;

/// <summary>
/// A replica's checkpoint (Venice's OffsetRecord, docs/venice-write-path.md §5): the last VT offset whose effects
/// are durable, the end-of-push flag, the upstream (RT) position and leader info, and the drainer DIV
/// producer states captured in the same step as the offset.
/// </summary>
public sealed record OffsetRecord(
    long LastProcessedVtOffset,
    bool EndOfPushReceived,
    bool TopicSwitchReceived,
    long UpstreamOffset,
    string? LeaderTopic,
    int LeaderHostId,
    byte[] ProducerStates)
{
    /// <summary>The TOPIC_SWITCH's rewind start (Venice keeps it in StoreVersionState); -1 if none.</summary>
    public long RewindStartTimestampMs { get; init; } = -1;

    /// <summary>Whether the replica had reported COMPLETED when this checkpoint was taken.</summary>
    public bool ReadyToServe { get; init; }

    /// <summary>The replica's hybrid offset lag when this checkpoint was taken (for the fast ready-to-serve rule).</summary>
    public long OffsetLag { get; init; }

    /// <summary>The metadata key the record is stored under in the storage partition.</summary>
    public const string MetadataKey = "offset-record";

    private const byte FormatVersion = 1;

    /// <summary>version, VT offset, EOP, TS, upstream offset, leader host, rewind start, ready, lag.</summary>
    private const int FixedBytes = 1 + 8 + 1 + 1 + 8 + 4 + 8 + 1 + 8;

    public static OffsetRecord Empty { get; } = new(-1, false, false, -1, null, -1, []);

    public byte[] Encode()
    {
        var writer = new ArrayBufferWriter<byte>(64 + ProducerStates.Length);
        var head = writer.GetSpan(FixedBytes);
        head[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(head[1..], LastProcessedVtOffset);
        head[9] = EndOfPushReceived ? (byte)1 : (byte)0;
        head[10] = TopicSwitchReceived ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(head[11..], UpstreamOffset);
        BinaryPrimitives.WriteInt32LittleEndian(head[19..], LeaderHostId);
        BinaryPrimitives.WriteInt64LittleEndian(head[23..], RewindStartTimestampMs);
        head[31] = ReadyToServe ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(head[32..], OffsetLag);
        writer.Advance(FixedBytes);
        WriteBytes(writer, LeaderTopic is null ? null : Encoding.UTF8.GetBytes(LeaderTopic));
        WriteBytes(writer, ProducerStates);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a stored record; false (never an exception) for anything malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out OffsetRecord record)
    {
        record = Empty;
        if (bytes.Length < FixedBytes || bytes[0] != FormatVersion) return false;
        long vtOffset = BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]);
        bool eop = bytes[9] == 1;
        bool ts = bytes[10] == 1;
        long upstream = BinaryPrimitives.ReadInt64LittleEndian(bytes[11..]);
        int leaderHost = BinaryPrimitives.ReadInt32LittleEndian(bytes[19..]);
        long rewindStart = BinaryPrimitives.ReadInt64LittleEndian(bytes[23..]);
        if (bytes[31] > 1) return false;
        bool ready = bytes[31] == 1;
        long lag = BinaryPrimitives.ReadInt64LittleEndian(bytes[32..]);
        var rest = bytes[FixedBytes..];
        if (!TryReadBytes(ref rest, out var topicBytes) || !TryReadBytes(ref rest, out var states) || rest.Length != 0)
        {
            return false;
        }
        record = new OffsetRecord(vtOffset, eop, ts, upstream,
            topicBytes is null ? null : Encoding.UTF8.GetString(topicBytes), leaderHost, states ?? [])
        {
            RewindStartTimestampMs = rewindStart,
            ReadyToServe = ready,
            OffsetLag = lag,
        };
        return true;
    }

    private static void WriteBytes(ArrayBufferWriter<byte> writer, byte[]? bytes)
    {
        var span = writer.GetSpan(4);
        BinaryPrimitives.WriteInt32LittleEndian(span, bytes?.Length ?? -1);
        writer.Advance(4);
        if (bytes is { Length: > 0 }) writer.Write(bytes);
    }

    private static bool TryReadBytes(ref ReadOnlySpan<byte> rest, out byte[]? bytes)
    {
        bytes = null;
        if (rest.Length < 4) return false;
        int length = BinaryPrimitives.ReadInt32LittleEndian(rest);
        rest = rest[4..];
        if (length == -1) return true;
        if (length < 0 || length > rest.Length) return false;
        bytes = rest[..length].ToArray();
        rest = rest[length..];
        return true;
    }
}
