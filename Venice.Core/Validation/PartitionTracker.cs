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
/// <para>The rules are Venice's PartitionTracker.validateMessage, step for step (segment, then sequence
/// number, then checksum), including its state changes on the way to a fault: an unregistered segment
/// is recorded before UNREGISTERED_PRODUCER is returned, and a record's sequence number is taken before
/// DATA_AFTER_END_OF_SEGMENT is. After END_OF_PUSH, Venice's ingestion re-runs a fatal record tolerantly
/// to move past it: <see cref="Resynchronise"/>.</para>
/// <para>Checksums that cannot be verified. MD5 and CRC32 keep their running state inside .NET
/// objects that can be neither exported nor copied. Rather than replaying the segment, a segment whose
/// state was restored from a checkpoint, copied by <see cref="Clone"/>, resynchronised mid-way, or
/// entered past a gap the seeded defect div-ignores-gaps accepts is marked unverifiable and its
/// END_OF_SEGMENT comparison is skipped. This is a deliberate simplification (Venice's own MD5 can be
/// checkpointed); ADHASH (the default) has an 8-byte state and always resumes.
/// ADLER32 (deprecated) is decoded but never computed: its segments are always unverifiable.</para>
/// <para>Producers are looked up in a <see cref="Dictionary{TKey,TValue}"/> (SortedDictionary allocates on
/// every lookup, and validation is the ingestion hot loop), but never enumerated in hash order:
/// everything that walks them (serialisation above all) goes through <see cref="Producers"/>, in GUID order.</para>
/// </remarks>
public sealed class PartitionTracker
{
    private const byte StateFormatVersion = 2;
    private const byte RegisteredFlag = 1;
    private const byte EndedFlag = 2;
    private const byte ChecksumStateFlag = 4;
    private const byte StartedFlag = 8;
    private const int ProducerFixedBytes = 16 + 4 + 4 + 8 + 1 + 1 + 4;

    private readonly Dictionary<ProducerGuid, ProducerState> producers = new();

    // The producer of the last record validated: a push's records nearly all come from one writer, so
    // this spares the hot loop a dictionary lookup per record. Forgotten whenever a producer is removed.
    private ProducerGuid lastProducer;
    private ProducerState? lastProducerState;

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

    /// <summary>Validates <paramref name="record"/> as before END_OF_PUSH, with no tolerance for missing records.</summary>
    public DivResult Validate(in VeniceRecord record) => Validate(record, endOfPushReceived: false);

    /// <summary>
    /// Classifies <paramref name="record"/> as Venice's PartitionTracker.validateMessage does and moves its
    /// producer's state as Venice does (see the remarks on faults that change state).
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="endOfPushReceived">
    /// Whether the partition is past END_OF_PUSH: an unknown producer's first record then opens a segment
    /// (unregistered unless it is a START_OF_SEGMENT) and is accepted, and an unregistered segment may jump
    /// ahead in sequence numbers.
    /// </param>
    /// <param name="tolerateMissing">
    /// Venice's tolerateMissingMsgs: a gap in segments or sequence numbers, data after a segment's end and
    /// a wrong checksum are accepted and the state moves to the record.
    /// </param>
    public DivResult Validate(in VeniceRecord record, bool endOfPushReceived, bool tolerateMissing = false)
    {
        ProducerMetadata producer = record.Producer;

        // The segment (Venice's trackSegment).
        ProducerState? state = lastProducerState is not null && producer.Guid == lastProducer
            ? lastProducerState
            : producers.GetValueOrDefault(producer.Guid);
        bool hasPreviousSegment = state is not null;
        if (state is null)
        {
            if (producer.Segment != 0 && !endOfPushReceived) return DivResult.UnregisteredProducer;
            state = new ProducerState();
            producers.Add(producer.Guid, state);
        }
        lastProducer = producer.Guid;
        lastProducerState = state;
        if (!hasPreviousSegment)
        {
            if (!OpenSegment(state, record, endOfPushReceived, tolerateAnyRecord: true)) return DivResult.UnregisteredProducer;
        }
        else if (producer.Segment == state.Segment)
        {
            // The current segment.
        }
        else if (producer.Segment == (long)state.Segment + 1 && state.Ended)
        {
            // The next segment must open with its START_OF_SEGMENT, past END_OF_PUSH too.
            if (!OpenSegment(state, record, endOfPushReceived, tolerateAnyRecord: false)) return DivResult.UnregisteredProducer;
        }
        else if (producer.Segment > state.Segment)
        {
            // A segment further ahead, or the next one while the current one never saw its end: records were lost.
            if (!tolerateMissing) return DivResult.Missing;
            if (!OpenSegment(state, record, endOfPushReceived, tolerateAnyRecord: true)) return DivResult.UnregisteredProducer;
        }
        else
        {
            return DivResult.Duplicate;
        }

        // The sequence number (Venice's trackSequenceNumber).
        int sequence = producer.Sequence;
        if (!state.Started)
        {
            state.Started = true;
        }
        else if (sequence == state.Sequence)
        {
            if (!state.NewSegment) return DivResult.Duplicate;
        }
        else if (sequence == state.Sequence + 1)
        {
            state.Sequence = sequence;
        }
        else if (sequence < state.Sequence)
        {
            // Venice lets the first record of a producer it never saw through, whatever its number.
            if (hasPreviousSegment) return DivResult.Duplicate;
        }
        else if ((endOfPushReceived && !state.Registered) || tolerateMissing)
        {
            state.Sequence = sequence;
        }
        else if (IgnoresGaps)
        {
            // DEFECT div-ignores-gaps. The skipped records are not in the running sum, so the EOS comparison
            // would fail for a gap we chose to accept.
            state.Sequence = sequence;
            state.Checksum = null;
        }
        else
        {
            return DivResult.Missing;
        }
        state.LastTimestampMs = producer.TimestampMs;

        DivResult checksum = TrackChecksum(state, record, endOfPushReceived, tolerateMissing);
        if (checksum == DivResult.Ok) state.NewSegment = false;
        return checksum;
    }

    /// <summary>
    /// Venice's "dummy validation" after a fatal result past END_OF_PUSH (StoreIngestionTask.validateMessage):
    /// the record is validated again with every missing-record tolerance on, so the producer state moves
    /// past it. Returns <see cref="DivResult.Duplicate"/> when the first validation already took the record's
    /// sequence number (a wrong END_OF_SEGMENT checksum, data after a segment's end): Venice then skips the
    /// record. Otherwise OK, and the record is applied. Venice does not re-run a record that was
    /// UNREGISTERED_PRODUCER: the unregistered segment that validation opened is already in place.
    /// </summary>
    public DivResult Resynchronise(in VeniceRecord record) => Validate(record, endOfPushReceived: true, tolerateMissing: true);

    /// <summary>
    /// Venice's DIV producer-state age pruning (div.producer.state.max.age.ms, disabled by default): forgets
    /// every producer whose last record is more than <paramref name="maxAgeMs"/> older than the newest
    /// record of any producer on the partition. Returns how many it forgot. A forgotten producer's next
    /// record is an unknown producer's.
    /// </summary>
    public int ClearExpiredState(long maxAgeMs)
    {
        if (producers.Count == 0) return 0;
        long latest = long.MinValue;
        foreach (ProducerState state in producers.Values) latest = Math.Max(latest, state.LastTimestampMs);
        long earliestAllowed = latest - maxAgeMs;
        int cleared = 0;
        foreach (ProducerGuid guid in Producers)
        {
            if (producers[guid].LastTimestampMs < earliestAllowed && producers.Remove(guid)) cleared++;
            lastProducerState = null;
        }
        return cleared;
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
    /// 2 ended, 4 checksum state follows, 8 started), checksum type (1 byte), checksum state length (int32)
    /// and bytes. Like Venice's ProducerPartitionState, it leaves out whether the segment is new and whether
    /// its checksum was finalised: a restored segment is neither.
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
                | (hasChecksumState ? ChecksumStateFlag : 0)
                | (state.Started ? StartedFlag : 0));
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
            if ((flags & ~(RegisteredFlag | EndedFlag | ChecksumStateFlag | StartedFlag)) != 0) return false;
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
                Started = (flags & StartedFlag) != 0,
                ChecksumType = (ChecksumType)checksumType,
                Checksum = checksum,
            });
            bytes = bytes[(ProducerFixedBytes + stateLength)..];
        }

        if (!bytes.IsEmpty) return false;
        tracker = restored;
        return true;
    }

    /// <summary>
    /// Opens a segment at <paramref name="record"/> (Venice's initializeNewSegment). Returns false when the
    /// segment is unregistered and may not be: before END_OF_PUSH, or where only a START_OF_SEGMENT may open
    /// a segment (the next segment of a producer). The segment stays open either way, as in Venice.
    /// </summary>
    private static bool OpenSegment(ProducerState state, in VeniceRecord record, bool endOfPushReceived, bool tolerateAnyRecord)
    {
        state.Open(record);
        return state.Registered || (endOfPushReceived && tolerateAnyRecord);
    }

    /// <summary>
    /// Venice's trackCheckSum. An unregistered segment has no usable checksum: its END_OF_SEGMENT just ends
    /// it. A registered segment's END_OF_SEGMENT finalises the checksum and must match it (past END_OF_PUSH
    /// a mismatch still ends the segment); once finalised, the checksum refuses every further record.
    /// </summary>
    private static DivResult TrackChecksum(ProducerState state, in VeniceRecord record, bool endOfPushReceived, bool tolerateMissing)
    {
        bool endOfSegment = record.IsControl(ControlMessageType.EndOfSegment);
        if (!state.Registered)
        {
            if (endOfSegment) state.Ended = true;
            return DivResult.Ok;
        }
        if (endOfSegment)
        {
            if (state.ChecksumType != ChecksumType.None) state.ChecksumFinalized = true;
            if (ChecksumVerifies(state, record) || tolerateMissing)
            {
                state.Ended = true;
                return DivResult.Ok;
            }
            if (endOfPushReceived) state.Ended = true;
            return DivResult.Corrupt;
        }
        if (state.ChecksumFinalized) return tolerateMissing ? DivResult.Ok : DivResult.DataAfterEndOfSegment;
        if (record.IsData) state.Checksum?.UpdateRecord(record);
        return DivResult.Ok;
    }

    private static bool ChecksumVerifies(ProducerState state, in VeniceRecord endOfSegment)
    {
        if (state.Checksum is not { } checksum) return true;
        if (endOfSegment.ChecksumType != checksum.Type) return false;
        return SegmentChecksums.Matches(checksum.Finish(), endOfSegment.Checksum);
    }
}
