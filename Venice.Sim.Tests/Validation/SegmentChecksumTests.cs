using System.IO.Hashing;
using System.Security.Cryptography;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class SegmentChecksumTests
{
    private static readonly (MessageType Type, byte[] Key, byte[] Value)[] Records =
    [
        (MessageType.Put, "a"u8.ToArray(), "1"u8.ToArray()),
        (MessageType.Delete, "b"u8.ToArray(), []),
        (MessageType.Put, "c"u8.ToArray(), "333"u8.ToArray()),
    ];

    [Test]
    public void Md5_hashes_the_concatenated_type_key_and_value_bytes()
    {
        Assert.That(Checksum(ChecksumType.Md5, Records), Is.EqualTo(MD5.HashData(Concatenated(Records))));
    }

    [Test]
    public void Crc32_hashes_the_concatenated_type_key_and_value_bytes()
    {
        Assert.That(Checksum(ChecksumType.Crc32, Records), Is.EqualTo(Crc32.Hash(Concatenated(Records))));
    }

    [Test]
    public void None_is_empty()
    {
        Assert.That(Checksum(ChecksumType.None, Records), Is.Empty);
    }

    [Test]
    public void AdHash_is_the_sum_of_a_crc32_per_field_modulo_two_to_the_64_as_in_venice()
    {
        // Venice's AdHash: each checksum update (type, key, value) is CRC32-hashed alone and added into a long.
        ulong expected = 0;
        foreach (var (type, key, value) in Records)
        {
            foreach (byte[] field in new[] { new[] { (byte)type }, key, value })
            {
                expected = unchecked(expected + Crc32.HashToUInt32(field));
            }
        }
        byte[] expectedBytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(expectedBytes, expected);

        Assert.That(Checksum(ChecksumType.AdHash, Records), Is.EqualTo(expectedBytes));
    }

    [Test]
    public void AdHash_does_not_depend_on_record_order()
    {
        Assert.That(Checksum(ChecksumType.AdHash, Records.Reverse().ToArray()), Is.EqualTo(Checksum(ChecksumType.AdHash, Records)));
    }

    [Test]
    public void AdHash_restored_from_its_state_mid_segment_finishes_like_an_uninterrupted_one()
    {
        ISegmentChecksum first = Create(ChecksumType.AdHash);
        first.UpdateRecord(Records[0].Type, Records[0].Key, Records[0].Value);
        first.TryGetState(out ReadOnlySpan<byte> state);

        Assert.That(SegmentChecksums.TryRestore(ChecksumType.AdHash, state, out ISegmentChecksum? resumed), Is.True);
        foreach (var record in Records.Skip(1)) resumed!.UpdateRecord(record.Type, record.Key, record.Value);

        Assert.That(resumed!.Finish(), Is.EqualTo(Checksum(ChecksumType.AdHash, Records)));
    }

    [Test]
    public void Finishing_does_not_disturb_the_running_state()
    {
        foreach (ChecksumType type in new[] { ChecksumType.Md5, ChecksumType.Crc32, ChecksumType.AdHash })
        {
            ISegmentChecksum checksum = Create(type);
            checksum.UpdateRecord(Records[0].Type, Records[0].Key, Records[0].Value);
            checksum.Finish();
            foreach (var record in Records.Skip(1)) checksum.UpdateRecord(record.Type, record.Key, record.Value);

            Assert.That(checksum.Finish(), Is.EqualTo(Checksum(type, Records)), type.ToString());
        }
    }

    [TestCase(ChecksumType.Md5)]
    [TestCase(ChecksumType.Crc32)]
    public void Stream_checksums_can_be_neither_checkpointed_nor_cloned(ChecksumType type)
    {
        ISegmentChecksum checksum = Create(type);

        Assert.That(checksum.IsResumable, Is.False);
        Assert.That(checksum.TryGetState(out _), Is.False);
        Assert.That(checksum.TryClone(out _), Is.False);
        Assert.That(SegmentChecksums.TryRestore(type, new byte[16], out _), Is.False);
    }

    [Test]
    public void The_deprecated_adler32_cannot_be_computed()
    {
        Assert.That(SegmentChecksums.TryCreate(ChecksumType.Adler32, out _), Is.False);
        Assert.That(SegmentChecksums.TryRestore(ChecksumType.Adler32, [], out _), Is.False);
    }

    [Test]
    public void An_adhash_state_of_the_wrong_length_is_not_restored()
    {
        Assert.That(SegmentChecksums.TryRestore(ChecksumType.AdHash, new byte[15], out _), Is.False);
    }

    private static byte[] Checksum(ChecksumType type, (MessageType Type, byte[] Key, byte[] Value)[] records)
    {
        ISegmentChecksum checksum = Create(type);
        foreach (var record in records) checksum.UpdateRecord(record.Type, record.Key, record.Value);
        return checksum.Finish();
    }

    private static ISegmentChecksum Create(ChecksumType type) =>
        SegmentChecksums.TryCreate(type, out ISegmentChecksum? checksum)
            ? checksum
            : throw new AssertionException($"{type} should be computable");

    private static byte[] Concatenated((MessageType Type, byte[] Key, byte[] Value)[] records) =>
        records.SelectMany(r => new[] { (byte)r.Type }.Concat(r.Key).Concat(r.Value)).ToArray();
}
