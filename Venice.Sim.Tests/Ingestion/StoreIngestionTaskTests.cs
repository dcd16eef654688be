using System.Text;
using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Core.Validation;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>A single replica's ingestion task against the in-memory log, storage and metadata.</summary>
public sealed class StoreIngestionTaskTests
{
    private static readonly StoreVersion Version = IngestionHarness.Version;
    private static readonly TopicPartition Vt0 = IngestionHarness.Vt0;

    [Test]
    public void A_follower_ingests_a_batch_push_and_reports_started_end_of_push_and_completed()
    {
        var h = new IngestionHarness();
        h.Push(records: 250);
        h.StartReplica();

        h.RunUntilIdle();

        Assert.That(h.Recorder.Statuses, Is.EqualTo(new[] { ExecutionStatus.STARTED, ExecutionStatus.END_OF_PUSH_RECEIVED, ExecutionStatus.COMPLETED }));
        Assert.That(h.Storage.Open(Version, 0).KeyCount, Is.EqualTo(250));
        Assert.That(h.Value("key-249"), Is.EqualTo("value-249"));
    }

    [Test]
    public void Completed_goes_to_the_customized_view_and_to_the_push_status()
    {
        var h = new IngestionHarness();
        h.Push(records: 10);
        h.StartReplica();

        h.RunUntilIdle();

        Assert.That(h.Metadata.TryGet(MetadataPaths.CustomizedViewReplica(Version, 0, new ServerId(0)), out var cv), Is.True);
        Assert.That(cv!.Data, Is.EqualTo("COMPLETED"));
        Assert.That(h.Metadata.TryGet(MetadataPaths.PartitionPushStatus(Version, 0), out var ps), Is.True);
        Assert.That(ReplicaStatusMap.Decode(ps!.Data).TryGet(new ServerId(0), out var status) && status == ExecutionStatus.COMPLETED, Is.True);
    }

    [Test]
    public void A_checkpoint_syncs_storage_before_it_writes_the_offset_record()
    {
        var h = new IngestionHarness();
        h.Push(records: 5);
        h.StartReplica();

        h.RunUntilIdle();

        int sync = h.Recorder.Events.FindIndex(e => e.StartsWith("sync ", StringComparison.Ordinal));
        int checkpoint = h.Recorder.Events.FindIndex(e => e.StartsWith("checkpoint ", StringComparison.Ordinal));
        Assert.That(sync, Is.GreaterThanOrEqualTo(0));
        Assert.That(checkpoint, Is.EqualTo(sync + 1), string.Join(" | ", h.Recorder.Events));
        Assert.That(h.Recorder.Events[checkpoint]["checkpoint ".Length..], Is.EqualTo(h.Recorder.Events[sync]["sync ".Length..]));
    }

    [Test]
    public void Crossing_the_sync_bytes_interval_checkpoints_mid_push()
    {
        var h = new IngestionHarness();
        h.Push(records: 400, endOfPush: false);
        h.StartReplica(IngestionOptions.Defaults with { SyncBytesInterval = 4096, PollBatchRecords = 50 });

        h.RunUntilIdle();

        Assert.That(h.Recorder.Events.Count(e => e.StartsWith("checkpoint ", StringComparison.Ordinal)), Is.GreaterThan(1));
        Assert.That(h.Recorder.Statuses, Does.Not.Contain(ExecutionStatus.COMPLETED));
    }

    [Test]
    public void A_replica_restarted_after_a_crash_resumes_after_its_checkpoint_with_its_data_intact()
    {
        var h = new IngestionHarness();
        h.Push(records: 400, endOfPush: false);
        h.StartReplica(IngestionOptions.Defaults with { SyncBytesInterval = 4096, PollBatchRecords = 50 });
        h.RunUntilIdle();
        var lastCheckpoint = long.Parse(h.Recorder.Events.Last(e => e.StartsWith("checkpoint ", StringComparison.Ordinal))["checkpoint ".Length..]);

        h.Storage.Crash();
        h.Recorder.Events.Clear();
        h.StartReplica(IngestionOptions.Defaults with { SyncBytesInterval = 4096, PollBatchRecords = 50 });
        h.Task.Step();
        var anotherProducer = new SeededRandom(99).NextProducerGuid();
        new VeniceWriter(h.Log, Version.VersionTopic, anotherProducer, ChecksumType.AdHash, h.Clock).BroadcastEndOfPush(1);
        h.RunUntilIdle();

        Assert.That(h.Recorder.Events[0], Is.EqualTo($"subscribe {lastCheckpoint + 1} True"));
        Assert.That(h.Recorder.Events, Has.None.StartsWith("div "), "the restored DIV state must accept the records after the checkpoint");
        Assert.That(h.Storage.Open(Version, 0).KeyCount, Is.EqualTo(400));
        Assert.That(h.Recorder.Statuses.Last(), Is.EqualTo(ExecutionStatus.COMPLETED));
    }

    [Test]
    public void A_corrupted_value_before_end_of_push_is_caught_by_the_segment_checksum_and_errors_the_replica()
    {
        var h = new IngestionHarness();
        h.Push(records: 20);
        // Offset 0 is the driver's SOS, 1 START_OF_PUSH, 2 the data writer's SOS, 3.. the data.
        Assert.That(h.Log.TryGetRecordLength(Vt0, 10, out int length), Is.True);
        h.Log.CorruptRecord(Vt0, 10, (length - 1) * 8);
        h.StartReplica();

        h.RunUntilIdle();

        Assert.That(h.Recorder.Events, Has.Some.Matches<string>(e => e.StartsWith("div ", StringComparison.Ordinal) && e.EndsWith("fatal", StringComparison.Ordinal)));
        Assert.That(h.Recorder.Statuses, Does.Contain(ExecutionStatus.ERROR));
        Assert.That(h.Recorder.Statuses, Does.Not.Contain(ExecutionStatus.COMPLETED));
    }

    [Test]
    public void A_lost_record_before_end_of_push_is_reported_missing_and_errors_the_replica()
    {
        var h = new IngestionHarness();
        h.Push(records: 20);
        h.Log.LoseRecord(Vt0, 8);
        h.StartReplica();

        h.RunUntilIdle();

        Assert.That(h.Recorder.Events, Has.Some.StartsWith("div Missing 9 fatal"));
        Assert.That(h.Recorder.Statuses, Is.EqualTo(new[] { ExecutionStatus.STARTED, ExecutionStatus.ERROR }));
    }

    [Test]
    public void A_gap_after_end_of_push_is_reported_leniently_and_the_record_after_it_is_still_applied()
    {
        var h = new IngestionHarness();
        h.Push(records: 20);
        var late = new VeniceWriter(h.Log, Version.VersionTopic, new SeededRandom(9).NextProducerGuid(), ChecksumType.AdHash, h.Clock);
        var offsets = new List<long>();
        for (int i = 0; i < 5; i++) offsets.Add(late.Put(0, Encoding.ASCII.GetBytes($"late-{i}"), Encoding.ASCII.GetBytes($"v{i}")).Offset);
        h.Log.LoseRecord(Vt0, offsets[2]);
        h.StartReplica();

        h.RunUntilIdle();

        Assert.That(h.Recorder.Events, Has.Some.EqualTo($"div Missing {offsets[3]} lenient"));
        Assert.That(h.Value("late-2"), Is.Null, "the lost write is gone");
        Assert.That(h.Value("late-3"), Is.EqualTo("v3"), "Venice resynchronises DIV and goes on with the record");
        Assert.That(h.Value("late-4"), Is.EqualTo("v4"));
        Assert.That(h.Recorder.Statuses, Does.Not.Contain(ExecutionStatus.ERROR));
    }

    [Test]
    public void An_errored_replica_never_checkpoints_again()
    {
        var h = new IngestionHarness();
        h.Push(records: 20);
        h.Log.LoseRecord(Vt0, 8);
        h.StartReplica();

        h.RunUntilIdle();

        int error = h.Recorder.Events.IndexOf("status ERROR");
        Assert.That(h.Recorder.Events.Skip(error), Has.None.StartsWith("checkpoint "));
        Assert.That(h.Task.HasWork, Is.False, "an errored replica stops consuming");
    }

    [Test]
    public void A_duplicate_left_by_a_producer_retry_is_skipped()
    {
        var h = new IngestionHarness();
        var random = new SeededRandom(3);
        var driver = new VeniceWriter(h.Log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, h.Clock);
        driver.BroadcastStartOfPush(1);
        h.Log.FailNextProduces(Vt0, 1, landAnyway: true);
        driver.Put(0, "k"u8, "v"u8);
        driver.BroadcastEndOfPush(1);
        h.StartReplica();

        h.RunUntilIdle();

        Assert.That(h.Recorder.Events, Has.None.StartsWith("div "));
        Assert.That(h.Recorder.Statuses.Last(), Is.EqualTo(ExecutionStatus.COMPLETED));
        Assert.That(h.Value("k"), Is.EqualTo("v"));
    }

    [Test]
    public void A_topic_switch_before_end_of_push_is_rejected_with_an_error()
    {
        var h = new IngestionHarness();
        var random = new SeededRandom(3);
        var driver = new VeniceWriter(h.Log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, h.Clock);
        driver.BroadcastStartOfPush(1);
        driver.SendControl(0, ControlPayload.TopicSwitch(Version.RealTimeTopic, -1));
        h.StartReplica();

        h.RunUntilIdle();

        Assert.That(h.Recorder.Statuses, Is.EqualTo(new[] { ExecutionStatus.STARTED, ExecutionStatus.ERROR }));
    }

    [Test]
    public void Dropping_a_replica_deletes_its_data_and_its_customized_view_entry()
    {
        var h = new IngestionHarness();
        h.Push(records: 5);
        h.StartReplica();
        h.RunUntilIdle();
        string cv = MetadataPaths.CustomizedViewReplica(Version, 0, new ServerId(0));
        Assert.That(h.Metadata.TryGet(cv, out _), Is.True);

        h.Task.Enqueue(ConsumerActionType.DropPartition, 0);
        h.RunUntilIdle();

        Assert.That(h.Metadata.TryGet(cv, out _), Is.False);
        Assert.That(h.Storage.HasPartition(Version, 0), Is.False);
    }
}
