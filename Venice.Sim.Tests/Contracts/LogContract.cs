using System.Buffers;
using System.Text;
using Venice.Core;
using Venice.Core.Log;

namespace Venice.Sim.Tests.Contracts;

/// <summary>What every <see cref="ILog"/> must do. Subclass it once per implementation.</summary>
public abstract class LogContract
{
    private static readonly TopicPartition Orders0 = new("orders_v1", 0);
    private static readonly TopicPartition Orders1 = new("orders_v1", 1);

    protected abstract ILog CreateLog();

    [Test]
    public void A_produced_record_is_read_back_at_its_offset()
    {
        ILog log = LogWithOrdersTopic();

        ProduceResult produced = log.Produce(Orders0, Bytes("hello"));

        Assert.That(produced.Succeeded, Is.True);
        Assert.That(log.TryRead(Orders0, produced.Offset, out LogEntry entry), Is.True);
        Assert.That(entry.Offset, Is.EqualTo(produced.Offset));
        Assert.That(Text(entry), Is.EqualTo("hello"));
    }

    [Test]
    public void Offsets_start_at_zero_and_grow_by_one_per_record()
    {
        ILog log = LogWithOrdersTopic();

        long[] offsets = new[] { "a", "b", "c" }.Select(text => log.Produce(Orders0, Bytes(text)).Offset).ToArray();

        Assert.That(offsets, Is.EqualTo(new long[] { 0, 1, 2 }));
    }

    [Test]
    public void The_end_offset_is_zero_when_empty_and_then_the_next_offset_to_be_assigned()
    {
        ILog log = LogWithOrdersTopic();
        Assert.That(log.EndOffset(Orders0), Is.EqualTo(0));

        log.Produce(Orders0, Bytes("a"));
        log.Produce(Orders0, Bytes("b"));

        Assert.That(log.EndOffset(Orders0), Is.EqualTo(2));
    }

    [Test]
    public void The_end_offset_of_an_unknown_topic_is_zero()
    {
        ILog log = CreateLog();

        Assert.That(log.EndOffset(new TopicPartition("nothing", 0)), Is.EqualTo(0));
    }

    [Test]
    public void Reading_from_an_offset_returns_the_record_at_that_offset_not_an_earlier_one()
    {
        ILog log = LogWithOrdersTopic();
        log.Produce(Orders0, Bytes("first"));
        log.Produce(Orders0, Bytes("second"));
        log.Produce(Orders0, Bytes("third"));

        Assert.That(log.TryRead(Orders0, 1, out LogEntry entry), Is.True);
        Assert.That(entry.Offset, Is.EqualTo(1));
        Assert.That(Text(entry), Is.EqualTo("second"));
    }

    [Test]
    public void Reading_at_the_end_offset_finds_nothing_yet()
    {
        ILog log = LogWithOrdersTopic();
        log.Produce(Orders0, Bytes("only"));

        Assert.That(log.TryRead(Orders0, 1, out _), Is.False);
        Assert.That(log.TryRead(Orders0, 100, out _), Is.False);
    }

    [Test]
    public void A_record_produced_later_is_found_by_a_reader_that_was_waiting_at_the_end()
    {
        ILog log = LogWithOrdersTopic();
        Assert.That(log.TryRead(Orders0, 0, out _), Is.False);

        log.Produce(Orders0, Bytes("late"));

        Assert.That(log.TryRead(Orders0, 0, out LogEntry entry), Is.True);
        Assert.That(Text(entry), Is.EqualTo("late"));
    }

    [Test]
    public void Produce_copies_the_payload_so_the_caller_may_reuse_its_buffer()
    {
        ILog log = LogWithOrdersTopic();
        byte[] buffer = Bytes("original");

        log.Produce(Orders0, buffer);
        Bytes("scribble").CopyTo(buffer, 0);

        log.TryRead(Orders0, 0, out LogEntry entry);
        Assert.That(Text(entry), Is.EqualTo("original"));
    }

    [Test]
    public void An_empty_payload_is_a_record_like_any_other()
    {
        ILog log = LogWithOrdersTopic();

        ProduceResult produced = log.Produce(Orders0, ReadOnlySpan<byte>.Empty);

        Assert.That(produced.Succeeded, Is.True);
        Assert.That(log.TryRead(Orders0, 0, out LogEntry entry), Is.True);
        Assert.That(entry.Payload.Length, Is.EqualTo(0));
    }

    [Test]
    public void Producing_to_an_unknown_topic_reports_NoSuchTopic()
    {
        ILog log = CreateLog();

        ProduceResult produced = log.Produce(new TopicPartition("nothing", 0), Bytes("x"));

        Assert.That(produced.Status, Is.EqualTo(ProduceStatus.NoSuchTopic));
        Assert.That(log.TopicExists("nothing"), Is.False);
    }

    [Test]
    public void Producing_to_a_partition_the_topic_does_not_have_reports_NoSuchTopic()
    {
        ILog log = LogWithOrdersTopic();

        ProduceResult produced = log.Produce(new TopicPartition("orders_v1", 2), Bytes("x"));

        Assert.That(produced.Status, Is.EqualTo(ProduceStatus.NoSuchTopic));
    }

    [Test]
    public void Reading_an_unknown_topic_finds_nothing()
    {
        ILog log = CreateLog();

        Assert.That(log.TryRead(new TopicPartition("nothing", 0), 0, out _), Is.False);
    }

    [Test]
    public void A_topic_reports_its_partition_count_and_an_unknown_topic_zero()
    {
        ILog log = LogWithOrdersTopic();

        Assert.That(log.TopicExists("orders_v1"), Is.True);
        Assert.That(log.PartitionCount("orders_v1"), Is.EqualTo(2));
        Assert.That(log.PartitionCount("nothing"), Is.EqualTo(0));
    }

    [Test]
    public void Creating_an_existing_topic_with_the_same_partition_count_keeps_its_records()
    {
        ILog log = LogWithOrdersTopic();
        log.Produce(Orders0, Bytes("kept"));

        log.CreateTopic("orders_v1", 2);

        Assert.That(log.PartitionCount("orders_v1"), Is.EqualTo(2));
        Assert.That(log.EndOffset(Orders0), Is.EqualTo(1));
    }

    [Test]
    public void Partitions_of_a_topic_have_independent_offsets()
    {
        ILog log = LogWithOrdersTopic();
        log.Produce(Orders0, Bytes("a"));
        log.Produce(Orders0, Bytes("b"));

        ProduceResult produced = log.Produce(Orders1, Bytes("c"));

        Assert.That(produced.Offset, Is.EqualTo(0));
        Assert.That(log.EndOffset(Orders0), Is.EqualTo(2));
        Assert.That(log.EndOffset(Orders1), Is.EqualTo(1));
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(LogEntry entry) => Encoding.UTF8.GetString(entry.Payload.ToArray());

    private ILog LogWithOrdersTopic()
    {
        ILog log = CreateLog();
        log.CreateTopic("orders_v1", 2);
        return log;
    }
}
