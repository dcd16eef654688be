using System.Buffers;
using System.Text;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.VeniceParity;

/// <summary>
/// The assertions of Venice's TestPartitionTracker that the model covers. Venice runs most of them for
/// both topic types (version topic and real-time topic); the model keeps one producer-state map per
/// tracker (docs/write-path.md, "Parity with Venice's tests"), so each runs once. Venice's
/// <c>validateMessage(type, record, endOfPushReceived, tolerateMissingMsgs)</c> is
/// <see cref="PartitionTracker.Validate(in VeniceRecord, bool, bool)"/>; a thrown DuplicateDataException,
/// MissingDataException, ImproperlyStartedSegmentException or CorruptDataException is the
/// <see cref="DivResult"/> of that name.
/// </summary>
public sealed class TestPartitionTrackerParityTests
{
    private static readonly ProducerGuid Guid = new(0x1234, 0x5678);

    private static VeniceRecord Record(int segment, int sequence, MessageType type, string key = "k", string value = "v") => new()
    {
        Type = type,
        Producer = new ProducerMetadata(Guid, segment, sequence, 1_000),
        Key = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(key)),
        Value = type == MessageType.Delete ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(value)),
        RewindStartTimestampMs = -1,
    };

    private static VeniceRecord StartOfSegment(int segment, ChecksumType checksum) => new()
    {
        Type = MessageType.Control,
        ControlType = ControlMessageType.StartOfSegment,
        ChecksumType = checksum,
        Producer = new ProducerMetadata(Guid, segment, 0, 1_000),
        RewindStartTimestampMs = -1,
    };

    private static VeniceRecord EndOfSegment(int segment, int sequence, ChecksumType checksum, byte[] claimed) => new()
    {
        Type = MessageType.Control,
        ControlType = ControlMessageType.EndOfSegment,
        ChecksumType = checksum,
        Checksum = new ReadOnlySequence<byte>(claimed),
        Producer = new ProducerMetadata(Guid, segment, sequence, 1_000),
        RewindStartTimestampMs = -1,
    };

    /// <summary>Venice's getSegmentOfMessages: SOS, PUT, UPDATE, DELETE and an EOS claiming <paramref name="eosChecksum"/>.</summary>
    private static VeniceRecord[] SegmentOfMessages(ChecksumType checksum, int segment, byte[] eosChecksum) =>
    [
        StartOfSegment(segment, checksum),
        Record(segment, 1, MessageType.Put, "first_key", "first_message"),
        Record(segment, 2, MessageType.Update, "second_key", "second_message"),
        Record(segment, 3, MessageType.Delete, "third_key"),
        EndOfSegment(segment, 4, checksum, eosChecksum),
    ];

    /// <summary>The checksum a producer would have computed over the data records of <see cref="SegmentOfMessages"/>.</summary>
    private static byte[] ProperChecksum(ChecksumType type)
    {
        SegmentChecksums.TryCreate(type, out ISegmentChecksum? checksum);
        foreach (VeniceRecord record in SegmentOfMessages(type, 0, []).Where(r => r.IsData)) checksum!.UpdateRecord(record);
        return checksum!.Finish();
    }

    [Test, Description("TestPartitionTracker.testSequenceNumber")]
    public void A_gap_in_sequence_numbers_is_missing_the_next_number_is_fine_and_a_tolerated_gap_is_accepted()
    {
        var tracker = new PartitionTracker();
        tracker.Validate(StartOfSegment(0, ChecksumType.None), endOfPushReceived: false);
        Assert.That(tracker.Validate(Record(0, 1, MessageType.Put), endOfPushReceived: false), Is.EqualTo(DivResult.Ok));

        Assert.That(tracker.Validate(Record(0, 100, MessageType.Put), endOfPushReceived: false), Is.EqualTo(DivResult.Missing));
        Assert.That(tracker.Validate(Record(0, 2, MessageType.Put), endOfPushReceived: false), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(Record(0, 100, MessageType.Put), endOfPushReceived: false, tolerateMissing: true), Is.EqualTo(DivResult.Ok));
    }

    [Description("TestPartitionTracker.testNewSegmentWithSeqNumberAfterEOP")]
    [TestCase(0, 0), TestCase(0, 10), TestCase(5, 0), TestCase(5, 10)]
    public void After_end_of_push_the_first_record_of_an_unknown_producer_is_accepted(int segment, int sequence)
    {
        var tracker = new PartitionTracker();

        Assert.That(tracker.Validate(Record(segment, sequence, MessageType.Put), endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
    }

    [Test, Description("TestPartitionTracker.testSegmentNumber")]
    public void A_gap_in_segment_numbers_is_missing_unless_tolerated_and_then_the_record_is_the_new_baseline()
    {
        var tracker = new PartitionTracker();
        tracker.Validate(StartOfSegment(0, ChecksumType.None), endOfPushReceived: true);
        VeniceRecord skipped = Record(2, 5, MessageType.Put, "key", "message");

        Assert.That(tracker.Validate(skipped, endOfPushReceived: true), Is.EqualTo(DivResult.Missing));
        Assert.That(tracker.Validate(skipped, endOfPushReceived: true, tolerateMissing: true), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(skipped, endOfPushReceived: true, tolerateMissing: true), Is.EqualTo(DivResult.Duplicate));
        tracker.TryGetProducerState(Guid, out ProducerStateSnapshot state);
        Assert.That((state.Segment, state.Sequence), Is.EqualTo((2, 5)));
    }

    [Description("TestPartitionTracker.testDuplicateMsgsDetected")]
    [TestCase(ChecksumType.Md5), TestCase(ChecksumType.AdHash), TestCase(ChecksumType.None)]
    public void A_record_behind_a_tolerated_end_of_segment_is_a_duplicate_and_leaves_the_sequence_number(ChecksumType checksum)
    {
        // Venice's test opens the segment with its no-argument getStartOfSegment(), which is NONE whatever the case.
        _ = checksum;
        var tracker = new PartitionTracker();
        tracker.Validate(StartOfSegment(0, ChecksumType.None), endOfPushReceived: true);
        Assert.That(Sequence(tracker), Is.Zero);
        tracker.Validate(EndOfSegment(0, 5, ChecksumType.None, []), endOfPushReceived: true, tolerateMissing: true);
        Assert.That(Sequence(tracker), Is.EqualTo(5));

        VeniceRecord late = Record(0, 1, MessageType.Put, "first_key", "first_message");
        Assert.That(tracker.Validate(late, endOfPushReceived: true, tolerateMissing: true), Is.EqualTo(DivResult.Duplicate));
        Assert.That(tracker.Validate(late, endOfPushReceived: true, tolerateMissing: true), Is.EqualTo(DivResult.Duplicate));

        Assert.That(Sequence(tracker), Is.EqualTo(5));
    }

    [Description("TestPartitionTracker.testMidSegmentCheckSumStates")]
    [TestCase(ChecksumType.Md5), TestCase(ChecksumType.AdHash), TestCase(ChecksumType.None)]
    public void A_segment_entered_mid_way_is_checkpointed_as_none_with_an_empty_checksum_state(ChecksumType checksum)
    {
        var tracker = new PartitionTracker();
        tracker.Validate(StartOfSegment(0, checksum), endOfPushReceived: true);
        Assert.That(Checkpointed(tracker).ChecksumType, Is.EqualTo(checksum));

        // The next segment's first PUT, its START_OF_SEGMENT never seen (sequence 0, as Venice's test numbers it).
        tracker.Validate(Record(1, 0, MessageType.Put, "first_key", "first_message"), endOfPushReceived: true, tolerateMissing: true);

        ProducerStateSnapshot restored = Checkpointed(tracker);
        Assert.That((restored.Segment, restored.ChecksumType, restored.ChecksumVerifiable), Is.EqualTo((1, ChecksumType.None, false)));
        Assert.That(Serialised(tracker), Has.Length.EqualTo(5 + 38), "no checksum state bytes follow the producer");
    }

    [Description("TestPartitionTracker.endToEndDIV (scenario 1: a full segment whose end claims an empty checksum)")]
    [TestCase(ChecksumType.Md5, DivResult.Corrupt), TestCase(ChecksumType.AdHash, DivResult.Corrupt), TestCase(ChecksumType.None, DivResult.Ok)]
    public void A_segment_ending_with_an_empty_checksum_is_corrupt_unless_its_checksum_is_none(ChecksumType checksum, DivResult end)
    {
        var tracker = new PartitionTracker();
        VeniceRecord[] segment = SegmentOfMessages(checksum, 0, []);

        foreach (VeniceRecord record in segment[..^1]) Assert.That(tracker.Validate(record, endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(segment[^1], endOfPushReceived: true), Is.EqualTo(end));
    }

    [Description("TestPartitionTracker.endToEndDIV (scenarios 2 and 2.1: the proper checksum, then a wrong one)")]
    [TestCase(ChecksumType.Md5, DivResult.Corrupt), TestCase(ChecksumType.AdHash, DivResult.Corrupt), TestCase(ChecksumType.None, DivResult.Ok)]
    public void A_segment_with_its_proper_checksum_validates_and_one_with_a_wrong_checksum_is_corrupt(ChecksumType checksum, DivResult wrongEnd)
    {
        var tracker = new PartitionTracker();
        byte[] proper = ProperChecksum(checksum);
        foreach (VeniceRecord record in SegmentOfMessages(checksum, 0, proper))
        {
            Assert.That(tracker.Validate(record, endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
        }

        byte[] wrong = [.. Enumerable.Range(0, proper.Length).Select(i => (byte)i)];
        VeniceRecord[] next = SegmentOfMessages(checksum, 1, wrong);
        foreach (VeniceRecord record in next[..^1]) Assert.That(tracker.Validate(record, endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(next[^1], endOfPushReceived: true), Is.EqualTo(wrongEnd));
    }

    [Description("TestPartitionTracker.endToEndDIV (scenario 3: the START_OF_SEGMENT skipped)")]
    [TestCase(ChecksumType.Md5), TestCase(ChecksumType.AdHash), TestCase(ChecksumType.None)]
    public void A_segment_without_its_start_is_unregistered_and_then_runs_to_its_end_unchecked(ChecksumType checksum)
    {
        var tracker = new PartitionTracker();
        foreach (VeniceRecord record in SegmentOfMessages(checksum, 0, ProperChecksum(checksum))) tracker.Validate(record, endOfPushReceived: true);
        VeniceRecord[] next = SegmentOfMessages(checksum, 1, ProperChecksum(checksum));

        Assert.That(tracker.Validate(next[1], endOfPushReceived: true), Is.EqualTo(DivResult.UnregisteredProducer));
        foreach (VeniceRecord record in next[2..]) Assert.That(tracker.Validate(record, endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
    }

    [Description("TestPartitionTracker.endToEndDIV (scenario 4: a data record skipped)")]
    [TestCase(ChecksumType.Md5), TestCase(ChecksumType.AdHash), TestCase(ChecksumType.None)]
    public void Skipping_a_record_of_a_registered_segment_is_missing_and_changes_nothing(ChecksumType checksum)
    {
        var tracker = new PartitionTracker();
        VeniceRecord[] segment = SegmentOfMessages(checksum, 0, ProperChecksum(checksum));
        tracker.Validate(segment[0], endOfPushReceived: true);

        for (int i = 1; i < segment.Length - 1; i++)
        {
            Assert.That(tracker.Validate(segment[i + 1], endOfPushReceived: true), Is.EqualTo(DivResult.Missing));
            Assert.That(tracker.Validate(segment[i], endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
        }
    }

    [Test, Description("TestPartitionTracker.testCloneVtProducerStates (pruning by maxAgeInMs)")]
    public void Cloning_after_pruning_drops_the_producer_older_than_the_maximum_age_from_both_trackers()
    {
        const long maxAgeMs = 5_000, t = 100_000;
        var tracker = new PartitionTracker();
        ProducerGuid old = new(1, 0), recent = new(2, 0), borderline = new(3, 0);
        Open(tracker, old, segment: 0, t - maxAgeMs - 2_000);
        Open(tracker, recent, segment: 1, t - 1_000);
        Open(tracker, borderline, segment: 2, t - maxAgeMs / 2);

        Assert.That(tracker.Clone().Producers, Has.Count.EqualTo(3), "without pruning every producer is cloned");
        Assert.That(tracker.ClearExpiredState(maxAgeMs), Is.EqualTo(1));
        PartitionTracker clone = tracker.Clone();

        Assert.That(tracker.Producers, Is.EqualTo(new[] { recent, borderline }));
        Assert.That(clone.Producers, Is.EqualTo(new[] { recent, borderline }));
    }

    /// <summary>A producer with a segment open (past END_OF_PUSH, from a mid-segment record) whose last record is at <paramref name="timestampMs"/>.</summary>
    private static void Open(PartitionTracker tracker, ProducerGuid guid, int segment, long timestampMs) =>
        tracker.Validate(Record(segment, 1, MessageType.Put) with { Producer = new ProducerMetadata(guid, segment, 1, timestampMs) }, endOfPushReceived: true);

    private static int Sequence(PartitionTracker tracker)
    {
        tracker.TryGetProducerState(Guid, out ProducerStateSnapshot state);
        return state.Sequence;
    }

    private static byte[] Serialised(PartitionTracker tracker)
    {
        var writer = new ArrayBufferWriter<byte>();
        tracker.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static ProducerStateSnapshot Checkpointed(PartitionTracker tracker)
    {
        Assert.That(PartitionTracker.TryReadFrom(Serialised(tracker), out PartitionTracker? restored), Is.True);
        restored!.TryGetProducerState(Guid, out ProducerStateSnapshot state);
        return state;
    }
}
