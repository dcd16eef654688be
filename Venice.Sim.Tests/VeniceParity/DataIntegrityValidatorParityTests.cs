using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.VeniceParity;

/// <summary>
/// Venice's DataIntegrityValidatorTest.testClearExpiredState, with one <see cref="PartitionTracker"/> per
/// partition (Venice's DataIntegrityValidator holds one per partition). Venice prunes when it writes the
/// offset record (updateOffsetRecordForPartition), against the newest producer timestamp of the partition;
/// <see cref="PartitionTracker.ClearExpiredState"/> is that pruning. Venice disables it by default
/// (div.producer.state.max.age.ms = -1), and so does the model: nothing calls it on the write path.
/// </summary>
public sealed class DataIntegrityValidatorParityTests
{
    private const string Venice = "DataIntegrityValidatorTest.testClearExpiredState";
    private const long MaxAgeMs = 1_000;
    private static readonly ProducerGuid Producer0 = new(1, 0), Producer1 = new(2, 0);

    private static VeniceRecord StartOfSegment(ProducerGuid guid, long timestampMs, ChecksumType checksum) => new()
    {
        Type = MessageType.Control,
        ControlType = ControlMessageType.StartOfSegment,
        ChecksumType = checksum,
        Producer = new ProducerMetadata(guid, 0, 0, timestampMs),
        RewindStartTimestampMs = -1,
    };

    private static VeniceRecord Put(ProducerGuid guid, int sequence, long timestampMs) =>
        ScriptedPut(guid, sequence) with { Producer = new ProducerMetadata(guid, 0, sequence, timestampMs) };

    private static VeniceRecord ScriptedPut(ProducerGuid guid, int sequence) => Validation.ScriptedProducer.At(guid, 0, sequence);

    [Description(Venice)]
    [TestCase(ChecksumType.None), TestCase(ChecksumType.Md5), TestCase(ChecksumType.AdHash)]
    public void A_producer_silent_for_longer_than_the_maximum_age_is_forgotten_and_its_next_record_is_unregistered(ChecksumType checksum)
    {
        long now = 0;
        var partition0 = new PartitionTracker();
        var partition1 = new PartitionTracker();
        partition0.Validate(StartOfSegment(Producer0, now, checksum));
        now += 10;
        partition0.Validate(Put(Producer0, 1, now));

        Assert.That(partition0.ClearExpiredState(MaxAgeMs), Is.Zero, "nothing is old yet");
        now += 2 * MaxAgeMs;
        Assert.That(partition0.ClearExpiredState(MaxAgeMs), Is.Zero, "wall-clock time does not matter, only the newest record's");

        partition0.Validate(StartOfSegment(Producer1, now, checksum));
        Assert.That(partition0.ProducerCount, Is.EqualTo(2), "the newer producer makes the first one eligible, not yet cleared");
        Assert.That(partition0.ClearExpiredState(MaxAgeMs), Is.EqualTo(1));
        Assert.That(partition0.Producers, Is.EqualTo(new[] { Producer1 }));

        partition1.Validate(StartOfSegment(Producer0, now, checksum));
        Assert.That(partition1.Producers, Is.EqualTo(new[] { Producer0 }), "another partition tracks the producer on its own");

        Assert.That(partition0.Validate(Put(Producer0, 2, now)), Is.EqualTo(DivResult.UnregisteredProducer),
            "a record from the forgotten producer is caught");
        Assert.That(partition0.ClearExpiredState(MaxAgeMs), Is.Zero, "a stable state");
        Assert.That(partition1.ClearExpiredState(MaxAgeMs), Is.Zero);
    }
}
