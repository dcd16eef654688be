using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Messages;
using Venice.Core.Validation;
using Venice.Sim.Tests.Messages;

namespace Venice.Sim.Tests.Validation;

/// <summary>
/// Serialisation properties of the DIV state over trackers built by feeding well-behaved producers
/// through arbitrary numbers of segments, records and checksum types, open or ended.
/// </summary>
[TestFixture]
public sealed class PartitionTrackerProperties
{
    /// <summary>One producer's history: records per segment; the last segment is left open when <c>Open</c>.</summary>
    private sealed record ProducerHistory(ProducerGuid Guid, ChecksumType ChecksumType, int[] RecordsPerSegment, bool Open);

    private static readonly Gen<ProducerHistory> AnyHistory =
        from high in CodecGenerators.UInt64
        from low in CodecGenerators.UInt64
        from checksumType in CodecGenerators.ChecksumTypes
        from segments in Gen.Choose(1, 3)
        from records in Gen.ArrayOf(Gen.Choose(0, 4), segments)
        from open in CodecGenerators.Bool
        select new ProducerHistory(new ProducerGuid(high, low), checksumType, records, open);

    private static readonly Gen<ProducerHistory[]> AnyHistories =
        from count in Gen.Choose(0, 5)
        from histories in Gen.ArrayOf(AnyHistory, count)
        select histories.DistinctBy(history => history.Guid).ToArray();

    [Test]
    public void A_restored_tracker_has_the_same_producer_states_except_unresumable_checksums()
    {
        Prop.ForAll(Arb.From(AnyHistories), histories =>
        {
            PartitionTracker tracker = Feed(histories);
            if (!PartitionTracker.TryReadFrom(Serialise(tracker), out PartitionTracker? restored)) return false;
            if (!restored.Producers.SequenceEqual(tracker.Producers)) return false;
            foreach (ProducerGuid guid in tracker.Producers)
            {
                tracker.TryGetProducerState(guid, out ProducerStateSnapshot expected);
                restored.TryGetProducerState(guid, out ProducerStateSnapshot actual);
                // Only NONE and ADHASH export their running state (see PartitionTracker); the rest resume unverifiable.
                bool resumable = expected.ChecksumType is ChecksumType.None or ChecksumType.AdHash;
                if (actual != expected with { ChecksumVerifiable = expected.ChecksumVerifiable && resumable }) return false;
            }
            return true;
        }).Verify(maxTest: 200);
    }

    [Test]
    public void Serialising_a_restored_tracker_gives_back_the_same_bytes()
    {
        Prop.ForAll(Arb.From(AnyHistories), histories =>
        {
            byte[] bytes = Serialise(Feed(histories));
            return PartitionTracker.TryReadFrom(bytes, out PartitionTracker? restored)
                && Serialise(restored).AsSpan().SequenceEqual(bytes);
        }).Verify(maxTest: 200);
    }

    [Test]
    public void Any_corruption_of_a_serialised_tracker_is_restored_or_refused_and_never_throws()
    {
        Gen<byte[]> corrupted =
            from histories in AnyHistories
            let bytes = Serialise(Feed(histories))
            from position in Gen.Choose(0, bytes.Length - 1)
            from replacement in CodecGenerators.Byte
            from cut in Gen.Choose(0, bytes.Length + 2)
            select Corrupt(bytes, position, replacement, cut);

        Prop.ForAll(Arb.From(corrupted), bytes =>
        {
            // A state that restores is one the tracker can serialise and restore again.
            return !PartitionTracker.TryReadFrom(bytes, out PartitionTracker? restored)
                || PartitionTracker.TryReadFrom(Serialise(restored), out _);
        }).Verify(maxTest: 1000);
    }

    [Test]
    public void Any_byte_string_is_restored_or_refused_and_never_throws()
    {
        Gen<byte[]> bytes = Gen.OneOf(
            CodecGenerators.Bytes,
            from count in Gen.Choose(0, 3)
            from rest in CodecGenerators.Bytes
            select (byte[])[1, (byte)count, 0, 0, 0, .. rest]);

        Prop.ForAll(Arb.From(bytes), input =>
        {
            bool restored = PartitionTracker.TryReadFrom(input, out PartitionTracker? tracker);
            return restored == tracker is not null;
        }).Verify(maxTest: 1000);
    }

    private static PartitionTracker Feed(ProducerHistory[] histories)
    {
        var tracker = new PartitionTracker();
        foreach (ProducerHistory history in histories)
        {
            var producer = new ScriptedProducer(history.Guid, history.ChecksumType);
            for (int segment = 0; segment < history.RecordsPerSegment.Length; segment++)
            {
                Expect(tracker.Validate(producer.StartSegment()));
                for (int record = 0; record < history.RecordsPerSegment[segment]; record++)
                {
                    Expect(tracker.Validate(record % 2 == 0 ? producer.Put($"k{record}", $"v{segment}") : producer.Delete($"k{record}")));
                }
                bool last = segment == history.RecordsPerSegment.Length - 1;
                if (!last || !history.Open) Expect(tracker.Validate(producer.EndSegment()));
            }
        }
        return tracker;
    }

    /// <summary>The generator builds only well-behaved histories; a rejected record is a broken generator, not a finding.</summary>
    private static void Expect(DivResult result)
    {
        if (result != DivResult.Ok) throw new InvalidOperationException($"A scripted record was not OK: {result}.");
    }

    private static byte[] Corrupt(byte[] bytes, int position, byte replacement, int cut)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[position] = replacement;
        return cut <= copy.Length ? copy[..cut] : [.. copy, .. new byte[cut - copy.Length]];
    }

    private static byte[] Serialise(PartitionTracker tracker)
    {
        var writer = new ArrayBufferWriter<byte>();
        tracker.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }
}
