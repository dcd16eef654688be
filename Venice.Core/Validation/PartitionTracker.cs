using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// Data integrity validation (DIV) for one replica-partition: Venice's PartitionTracker. It follows
/// every producer GUID writing to the partition through its segments and sequence numbers, and
/// verifies each segment's checksum at its END_OF_SEGMENT (docs/venice-write-path.md §4).
/// </summary>
/// <remarks>
/// <para>State changes only when a record is <see cref="DivResult.Ok"/>, so a rejected record leaves
/// the tracker as it was; <see cref="Resynchronise"/> is the one way past a fatal result.</para>
/// <para>Checksums that cannot be verified. MD5 and CRC32 keep their running state inside .NET
/// objects that can be neither exported nor copied. Rather than replaying the segment, a segment whose
/// state was restored from a checkpoint, copied by <see cref="Clone"/>, resynchronised mid-way, or
/// entered past a tolerated gap is marked unverifiable and its END_OF_SEGMENT comparison is skipped.
/// This is a deliberate simplification; ADHASH (the default) has a 16-byte state and always resumes.
/// ADLER32 (deprecated) is decoded but never computed: its segments are always unverifiable.</para>
/// <para>Producers are looked up in a <see cref="Dictionary{TKey,TValue}"/> (SortedDictionary allocates on
/// every lookup, and validation is the ingestion hot loop), but never enumerated in hash order:
/// everything that walks them (serialisation above all) goes through <see cref="Producers"/>, in GUID order.</para>
/// </remarks>
public sealed class PartitionTracker
{
    private const byte StateFormatVersion = 1;
    private const byte RegisteredFlag = 1;
    private const byte EndedFlag = 2;
    private const byte ChecksumStateFlag = 4;
    private const int ProducerFixedBytes = 16 + 4 + 4 + 8 + 1 + 1 + 4;

    private readonly Dictionary<ProducerGuid, ProducerState> producers = new();

    /// <param name="ignoreGaps">
    /// Accept a sequence gap as OK and jump forward. This exists only for the seeded defect
    /// <c>div-ignores-gaps</c>; Venice tolerates gaps only in narrow cases the simulator does not model.
    /// </param>
    public PartitionTracker(bool ignoreGaps = false) => IgnoresGaps = ignoreGaps;

    public bool IgnoresGaps { get; }

    public int ProducerCount => producers.Count;

    /// <summary>The producers this tracker follows, in GUID order.</summary>
    public IReadOnlyList<ProducerGuid> Producers => [.. producers.Keys.Order()];

    public bool TryGetProducerState(ProducerGuid guid, out ProducerStateSnapshot state)
    {
        if (producers.TryGetValue(guid, out ProducerState? producer))
        {
            state = producer.Snapshot();
            return true;
        }
        state = default;
        return false;
    }

    /// <summary>Classifies <paramref name="record"/> and, when it is OK, moves its producer's state forward.</summary>
    public DivResult Validate(in VeniceRecord record)
    {
        ProducerMetadata producer = record.Producer;
        if (!producers.TryGetValue(producer.Guid, out ProducerState? state))
        {
            // The first record of a GUID never seen must open its segment 0.
            if (producer.Segment != 0 || !record.IsControl(ControlMessageType.StartOfSegment))
            {
                return DivResult.UnregisteredProducer;
            }
            state = new ProducerState();
            state.Open(record);
            producers.Add(producer.Guid, state);
            return DivResult.Ok;
        }

        if (producer.Segment < state.Segment) return DivResult.Duplicate;
        if (producer.Segment > state.Segment) return ValidateNewSegment(state, record);

        if (producer.Sequence <= state.Sequence) return DivResult.Duplicate;
        if (state.Ended) return DivResult.DataAfterEndOfSegment;
        if (producer.Sequence != state.Sequence + 1)
        {
            if (!IgnoresGaps) return DivResult.Missing;
            // The skipped records are not in the running sum, so the EOS comparison would fail for a
            // gap we chose to accept.
            state.Checksum = null;
        }

        if (record.IsControl(ControlMessageType.EndOfSegment))
        {
            if (!ChecksumVerifies(state, record)) return DivResult.Corrupt;
            state.Ended = true;
        }
        else if (record.IsData)
        {
            state.Checksum?.UpdateRecord(record);
        }
        state.Sequence = producer.Sequence;
        state.LastTimestampMs = producer.TimestampMs;
        return DivResult.Ok;
    }

    /// <summary>
    /// Lenient mode, after a fatal result past EOP: takes <paramref name="record"/> as the new baseline
    /// of its producer. A START_OF_SEGMENT opens a fresh, verifiable segment; any other record leaves
    /// the rest of its segment unverifiable, because the records before it are not in the checksum.
    /// </summary>
    public void Resynchronise(in VeniceRecord record)
    {
        ProducerMetadata producer = record.Producer;
        if (!producers.TryGetValue(producer.Guid, out ProducerState? state))
        {
            state = new ProducerState();
            producers.Add(producer.Guid, state);
        }

        if (record.IsControl(ControlMessageType.StartOfSegment))
        {
            state.Open(record);
            return;
        }
        state.Segment = producer.Segment;
        state.Sequence = producer.Sequence;
        state.LastTimestampMs = producer.TimestampMs;
        state.Registered = false;
        state.Ended = record.IsControl(ControlMessageType.EndOfSegment);
        state.Checksum = null;
    }

    /// <summary>
    /// An independent copy (Venice copies the drainer's DIV state to the leader's at promotion).
    /// MD5 and CRC32 segments open at the time of the copy are unverifiable in the copy.
    /// </summary>
    public PartitionTracker Clone()
    {
        var clone = new PartitionTracker(IgnoresGaps);
        foreach (ProducerGuid guid in Producers)
        {
            clone.producers.Add(guid, producers[guid].Clone());
        }
        return clone;
    }

    /// <summary>
    /// Serialises every producer state, in GUID order, for the OffsetRecord. Layout (little endian):
    /// format version (1 byte), producer count (int32), then per producer: GUID high and low (uint64
    /// each), segment (int32), sequence (int32), last timestamp ms (int64), flags (1 byte: 1 registered,
    /// 2 ended, 4 checksum state follows), checksum type (1 byte), checksum state length (int32) and bytes.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        Span<byte> header = writer.GetSpan(1 + 4);
        header[0] = StateFormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], producers.Count);
        writer.Advance(1 + 4);

        foreach (ProducerGuid guid in Producers)
        {
            ProducerState state = producers[guid];
            ReadOnlySpan<byte> checksumState = default;
            bool hasChecksumState = state.Checksum is not null && state.Checksum.TryGetState(out checksumState);

            Span<byte> span = writer.GetSpan(ProducerFixedBytes + checksumState.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(span, guid.High);
            BinaryPrimitives.WriteUInt64LittleEndian(span[8..], guid.Low);
            BinaryPrimitives.WriteInt32LittleEndian(span[16..], state.Segment);
            BinaryPrimitives.WriteInt32LittleEndian(span[20..], state.Sequence);
            BinaryPrimitives.WriteInt64LittleEndian(span[24..], state.LastTimestampMs);
            span[32] = (byte)((state.Registered ? RegisteredFlag : 0)
                | (state.Ended ? EndedFlag : 0)
                | (hasChecksumState ? ChecksumStateFlag : 0));
            span[33] = (byte)state.ChecksumType;
            BinaryPrimitives.WriteInt32LittleEndian(span[34..], checksumState.Length);
            checksumState.CopyTo(span[ProducerFixedBytes..]);
            writer.Advance(ProducerFixedBytes + checksumState.Length);
        }
    }

    /// <summary>
    /// Restores a tracker that <see cref="WriteTo"/> serialised. False, never an exception, when the
    /// bytes are not such a state (wrong version, truncated, unknown flags, GUIDs out of order, trailing bytes).
    /// </summary>
    public static bool TryReadFrom(
        ReadOnlySpan<byte> bytes, [MaybeNullWhen(false)] out PartitionTracker tracker, bool ignoreGaps = false)
    {
        tracker = null;
        if (bytes.Length < 1 + 4 || bytes[0] != StateFormatVersion) return false;
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        if (count < 0) return false;
        bytes = bytes[(1 + 4)..];

        var restored = new PartitionTracker(ignoreGaps);
        ProducerGuid? previous = null;
        for (int i = 0; i < count; i++)
        {
            if (bytes.Length < ProducerFixedBytes) return false;
            var guid = new ProducerGuid(
                BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
            if (previous is { } before && before.CompareTo(guid) >= 0) return false;
            previous = guid;

            byte flags = bytes[32];
            byte checksumType = bytes[33];
            int stateLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[34..]);
            if ((flags & ~(RegisteredFlag | EndedFlag | ChecksumStateFlag)) != 0) return false;
            if (checksumType > (byte)ChecksumType.AdHash) return false;
            if (stateLength < 0 || stateLength > bytes.Length - ProducerFixedBytes) return false;
            bool hasChecksumState = (flags & ChecksumStateFlag) != 0;
            if (!hasChecksumState && stateLength != 0) return false;

            ISegmentChecksum? checksum = null;
            if (hasChecksumState
                && !SegmentChecksums.TryRestore(
                    (ChecksumType)checksumType, bytes.Slice(ProducerFixedBytes, stateLength), out checksum))
            {
                return false;
            }

            restored.producers.Add(guid, new ProducerState
            {
                Segment = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
                Sequence = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]),
                LastTimestampMs = BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]),
                Registered = (flags & RegisteredFlag) != 0,
                Ended = (flags & EndedFlag) != 0,
                ChecksumType = (ChecksumType)checksumType,
                Checksum = checksum,
            });
            bytes = bytes[(ProducerFixedBytes + stateLength)..];
        }

        if (!bytes.IsEmpty) return false;
        tracker = restored;
        return true;
    }

    private static DivResult ValidateNewSegment(ProducerState state, in VeniceRecord record)
    {
        // Only the next segment after a properly ended one may start; anything further ahead (or a
        // next segment while the current one never saw its EOS) means records were lost.
        bool isNextSegment = record.Producer.Segment == (long)state.Segment + 1 && state.Ended;
        if (!isNextSegment) return DivResult.Missing;
        if (!record.IsControl(ControlMessageType.StartOfSegment)) return DivResult.UnregisteredProducer;
        state.Open(record);
        return DivResult.Ok;
    }

    private static bool ChecksumVerifies(ProducerState state, in VeniceRecord endOfSegment)
    {
        if (state.Checksum is not { } checksum) return true;
        if (endOfSegment.ChecksumType != checksum.Type) return false;
        return SegmentChecksums.Matches(checksum.Finish(), endOfSegment.Checksum);
    }
}
