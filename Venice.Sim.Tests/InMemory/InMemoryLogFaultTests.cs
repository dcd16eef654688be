using System.Buffers;
using System.Text;
using Venice.Core;
using Venice.Core.Log;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.InMemory;

[TestFixture]
public sealed class InMemoryLog_losing_a_record
{
    private static readonly TopicPartition Vt0 = new("orders_v1", 0);

    [Test]
    public void Readers_skip_the_lost_record_and_later_offsets_keep_their_numbers()
    {
        InMemoryLog log = LogWith("a", "b", "c");

        Assert.That(log.LoseRecord(Vt0, 1), Is.True);

        Assert.That(log.TryRead(Vt0, 1, out LogEntry entry), Is.True);
        Assert.That(entry.Offset, Is.EqualTo(2));
        Assert.That(Text(entry), Is.EqualTo("c"));
        Assert.That(log.EndOffset(Vt0), Is.EqualTo(3));
        Assert.That(log.IsLost(Vt0, 1), Is.True);
    }

    [Test]
    public void Losing_the_last_record_leaves_nothing_to_read_at_its_offset_and_keeps_the_end_offset()
    {
        InMemoryLog log = LogWith("a", "b");

        log.LoseRecord(Vt0, 1);

        Assert.That(log.TryRead(Vt0, 1, out _), Is.False);
        Assert.That(log.EndOffset(Vt0), Is.EqualTo(2));
        Assert.That(log.Produce(Vt0, Encoding.UTF8.GetBytes("next")).Offset, Is.EqualTo(2));
    }

    [Test]
    public void Losing_a_record_that_is_not_there_reports_false()
    {
        InMemoryLog log = LogWith("a");
        log.LoseRecord(Vt0, 0);

        Assert.That(log.LoseRecord(Vt0, 0), Is.False, "already lost");
        Assert.That(log.LoseRecord(Vt0, 5), Is.False, "never written");
        Assert.That(log.LoseRecord(new TopicPartition("nothing", 0), 0), Is.False, "unknown topic");
    }

    [Test]
    public void The_partition_stats_count_lost_records_apart_from_present_ones()
    {
        InMemoryLog log = LogWith("a", "b", "c");

        log.LoseRecord(Vt0, 0);

        Assert.That(log.PartitionStats(Vt0), Is.EqualTo(new LogPartitionStats(3, 2, 1, 0)));
    }

    private static InMemoryLog LogWith(params string[] records)
    {
        var log = new InMemoryLog();
        log.CreateTopic(Vt0.Topic, 1);
        foreach (string record in records)
        {
            log.Produce(Vt0, Encoding.UTF8.GetBytes(record));
        }

        return log;
    }

    private static string Text(LogEntry entry) => Encoding.UTF8.GetString(entry.Payload.ToArray());
}

[TestFixture]
public sealed class InMemoryLog_corrupting_a_record
{
    private static readonly TopicPartition Vt0 = new("orders_v1", 0);

    [Test]
    public void Exactly_the_chosen_bit_of_the_stored_record_flips()
    {
        InMemoryLog log = LogWith([0b0000_0000, 0b0000_0000]);

        Assert.That(log.CorruptRecord(Vt0, 0, 9), Is.True);

        log.TryRead(Vt0, 0, out LogEntry entry);
        Assert.That(entry.Payload.ToArray(), Is.EqualTo(new byte[] { 0b0000_0000, 0b0000_0010 }));
        Assert.That(log.IsCorrupted(Vt0, 0), Is.True);
        Assert.That(log.PartitionStats(Vt0).CorruptedRecords, Is.EqualTo(1));
    }

    [Test]
    public void A_bit_outside_the_record_is_refused()
    {
        InMemoryLog log = LogWith([1, 2]);

        Assert.That(log.TryGetRecordLength(Vt0, 0, out int length), Is.True);
        Assert.That(length, Is.EqualTo(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.CorruptRecord(Vt0, 0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.CorruptRecord(Vt0, 0, -1));
    }

    [Test]
    public void A_lost_or_missing_record_cannot_be_corrupted()
    {
        InMemoryLog log = LogWith([1]);
        log.LoseRecord(Vt0, 0);

        Assert.That(log.CorruptRecord(Vt0, 0, 0), Is.False);
        Assert.That(log.CorruptRecord(Vt0, 3, 0), Is.False);
        Assert.That(log.TryGetRecordLength(Vt0, 0, out _), Is.False);
    }

    [Test]
    public void The_producer_buffer_is_not_affected_by_corrupting_the_stored_copy()
    {
        byte[] produced = [0xAA];
        InMemoryLog log = LogWith(produced);

        log.CorruptRecord(Vt0, 0, 0);

        Assert.That(produced, Is.EqualTo(new byte[] { 0xAA }));
    }

    private static InMemoryLog LogWith(byte[] record)
    {
        var log = new InMemoryLog();
        log.CreateTopic(Vt0.Topic, 1);
        log.Produce(Vt0, record);
        return log;
    }
}

[TestFixture]
public sealed class InMemoryLog_failing_produces
{
    private static readonly TopicPartition Rt0 = new("orders_rt", 0);
    private static readonly TopicPartition Rt1 = new("orders_rt", 1);

    [Test]
    public void A_failed_produce_that_did_not_land_appends_nothing()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces(Rt0, 1, landAnyway: false);

        ProduceResult result = log.Produce(Rt0, [1]);

        Assert.That(result, Is.EqualTo(ProduceResult.Failed));
        Assert.That(log.EndOffset(Rt0), Is.EqualTo(0));
    }

    [Test]
    public void A_failed_produce_that_landed_anyway_makes_the_retry_a_duplicate()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces(Rt0, 1, landAnyway: true);

        ProduceResult first = log.Produce(Rt0, [7]);
        ProduceResult retry = log.Produce(Rt0, [7]);

        Assert.That(first.Status, Is.EqualTo(ProduceStatus.Failed));
        Assert.That(retry, Is.EqualTo(ProduceResult.Ok(1)));
        Assert.That(log.TryRead(Rt0, 0, out LogEntry landed), Is.True);
        Assert.That(landed.Payload.ToArray(), Is.EqualTo(new byte[] { 7 }));
    }

    [Test]
    public void In_an_ambiguous_ack_window_every_record_lands_twice_its_first_attempt_reported_failed()
    {
        InMemoryLog log = NewLog();
        log.SetAmbiguousAcks(Rt0, true);

        ProduceStatus[] statuses = Enumerable.Range(0, 4).Select(i => log.Produce(Rt0, [(byte)(i / 2)]).Status).ToArray();
        log.SetAmbiguousAcks(Rt0, false);
        ProduceStatus after = log.Produce(Rt0, [9]).Status;

        Assert.That(statuses, Is.EqualTo(new[] { ProduceStatus.Failed, ProduceStatus.Ok, ProduceStatus.Failed, ProduceStatus.Ok }));
        Assert.That(after, Is.EqualTo(ProduceStatus.Ok));
        Assert.That(log.EndOffset(Rt0), Is.EqualTo(5), "the failed attempts landed too");
    }

    [Test]
    public void Exactly_the_armed_number_of_produces_fail_then_produces_succeed_again()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces(Rt0, 2, landAnyway: false);

        ProduceStatus[] statuses = Enumerable.Range(0, 3).Select(_ => log.Produce(Rt0, [0]).Status).ToArray();

        Assert.That(statuses, Is.EqualTo(new[] { ProduceStatus.Failed, ProduceStatus.Failed, ProduceStatus.Ok }));
    }

    [Test]
    public void Failures_armed_one_after_another_are_used_in_that_order()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces(Rt0, 1, landAnyway: false);
        log.FailNextProduces(Rt0, 1, landAnyway: true);

        log.Produce(Rt0, [1]);
        log.Produce(Rt0, [2]);

        Assert.That(log.EndOffset(Rt0), Is.EqualTo(1));
        log.TryRead(Rt0, 0, out LogEntry landed);
        Assert.That(landed.Payload.ToArray(), Is.EqualTo(new byte[] { 2 }));
    }

    [Test]
    public void A_partition_failure_affects_only_that_partition()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces(Rt0, 1, landAnyway: false);

        Assert.That(log.Produce(Rt1, [1]).Succeeded, Is.True);
        Assert.That(log.Produce(Rt0, [1]).Succeeded, Is.False);
    }

    [Test]
    public void A_topic_failure_affects_the_next_produces_to_any_of_its_partitions()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces("orders_rt", 2, landAnyway: false);

        Assert.That(log.Produce(Rt1, [1]).Succeeded, Is.False);
        Assert.That(log.Produce(Rt0, [1]).Succeeded, Is.False);
        Assert.That(log.Produce(Rt0, [1]).Succeeded, Is.True);
    }

    [Test]
    public void Healing_disarms_every_pending_failure()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces(Rt0, 5, landAnyway: false);
        log.FailNextProduces("orders_rt", 5, landAnyway: true);

        log.HealProduceFailures();

        Assert.That(log.Produce(Rt0, [1]).Succeeded, Is.True);
        Assert.That(log.Produce(Rt1, [1]).Succeeded, Is.True);
    }

    [Test]
    public void A_produce_to_a_missing_topic_reports_NoSuchTopic_without_using_up_a_failure()
    {
        InMemoryLog log = NewLog();
        log.FailNextProduces(new TopicPartition("later", 0), 1, landAnyway: false);

        Assert.That(log.Produce(new TopicPartition("later", 0), [1]).Status, Is.EqualTo(ProduceStatus.NoSuchTopic));
        log.CreateTopic("later", 1);
        Assert.That(log.Produce(new TopicPartition("later", 0), [1]).Status, Is.EqualTo(ProduceStatus.Failed));
    }

    private static InMemoryLog NewLog()
    {
        var log = new InMemoryLog();
        log.CreateTopic("orders_rt", 2);
        return log;
    }
}

[TestFixture]
public sealed class InMemoryLog_topics
{
    [Test]
    public void Topic_names_are_listed_in_ordinal_order()
    {
        var log = new InMemoryLog();
        log.CreateTopic("b", 1);
        log.CreateTopic("B", 1);
        log.CreateTopic("a", 1);

        Assert.That(log.TopicNames(), Is.EqualTo(new[] { "B", "a", "b" }));
    }

    [Test]
    public void Recreating_a_topic_with_another_partition_count_is_refused()
    {
        var log = new InMemoryLog();
        log.CreateTopic("t", 2);

        Assert.Throws<InvalidOperationException>(() => log.CreateTopic("t", 3));
    }
}
