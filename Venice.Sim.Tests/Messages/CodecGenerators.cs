using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>
/// FsCheck generators for the codecs' inputs. Integers lean on their edge values (0, -1, min, max),
/// because those are where a length or sign mistake in a codec shows; strings mix ASCII with
/// multi-byte UTF-8 (including surrogate pairs, never split), because byte counts differ from char counts there.
/// </summary>
internal static class CodecGenerators
{
    /// <summary>Checks with one fixed replay seed, so a failure seen once is seen again on any machine.</summary>
    public static void Verify(this Property property, int maxTest = 300) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(20_261_204UL, 0x9E3779B97F4A7C15UL), property);

    public static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(b => (byte)b);

    public static readonly Gen<byte[]> Bytes = Gen.ArrayOf(Byte);

    public static Gen<byte[]> BytesUpTo(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from bytes in Gen.ArrayOf(Byte, length)
        select bytes;

    public static readonly Gen<long> Int64 = Gen.Frequency(
        (1, Gen.Elements(0L, -1L, 1L, long.MinValue, long.MaxValue)),
        (4, Gen.ArrayOf(Byte, 8).Select(bytes => BinaryPrimitives.ReadInt64LittleEndian(bytes))));

    public static readonly Gen<int> Int32 = Gen.Frequency(
        (1, Gen.Elements(0, -1, 1, int.MinValue, int.MaxValue)),
        (4, Gen.ArrayOf(Byte, 4).Select(bytes => BinaryPrimitives.ReadInt32LittleEndian(bytes))));

    public static readonly Gen<ulong> UInt64 = Int64.Select(value => unchecked((ulong)value));

    public static readonly Gen<bool> Bool = Gen.Elements(false, true);

    /// <summary>Text of whole code points: ASCII, two-, three- and four-byte UTF-8.</summary>
    public static readonly Gen<string> Text =
        Gen.ArrayOf(Gen.Elements("a", "Z", "0", "_", "-", ".", " ", "é", "ß", "漢", "€", "😀", "\u0000"))
            .Select(parts => string.Concat(parts));

    public static readonly Gen<ProducerMetadata> Producer =
        from high in UInt64
        from low in UInt64
        from segment in Int32
        from sequence in Int32
        from timestampMs in Int64
        select new ProducerMetadata(new ProducerGuid(high, low), segment, sequence, timestampMs);

    public static readonly Gen<LeaderMetadata?> Leader = Gen.OneOf(
        Gen.Constant<LeaderMetadata?>(null),
        from hostId in Int32
        from upstreamOffset in Int64
        from term in Int64
        select (LeaderMetadata?)new LeaderMetadata(hostId, upstreamOffset, term));

    public static readonly Gen<ChecksumType> ChecksumTypes = Gen.Elements(Enum.GetValues<ChecksumType>());

    /// <summary>A well-formed partial update: an offset and bytes that together stay within the value limit.</summary>
    public static readonly Gen<(int Offset, byte[] Bytes)> PartialUpdateParts =
        from bytes in Bytes
        from offset in Gen.Frequency(
            (1, Gen.Constant(0)),
            (1, Gen.Constant(PartialUpdate.MaxValueBytes - bytes.Length)),
            (4, Gen.Choose(0, PartialUpdate.MaxValueBytes - bytes.Length)))
        select (offset, bytes);

    /// <summary>Every control message the codec encodes, with arbitrary field values.</summary>
    public static readonly Gen<ControlPayload> Control = Gen.OneOf(
        Gen.Constant(ControlPayload.StartOfPush()),
        Gen.Constant(ControlPayload.EndOfPush()),
        Gen.Constant(ControlPayload.DeclarationOfLeadership()),
        ChecksumTypes.Select(ControlPayload.StartOfSegment),
        from type in ChecksumTypes
        from checksum in BytesUpTo(RecordCodec.MaxChecksumBytes)
        from final in Bool
        select ControlPayload.EndOfSegment(type, checksum, final),
        from topic in Text.Where(topic => System.Text.Encoding.UTF8.GetByteCount(topic) <= RecordCodec.MaxTopicNameBytes)
        from rewind in Int64
        select ControlPayload.TopicSwitch(topic, rewind));
}
