using System.Text;
using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.LeaderFollower;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;
using Venice.Sim.Tests.Ingestion;

namespace Venice.Sim.Tests.LeaderFollower;

/// <summary>
/// Leader/follower behaviour of the ingestion task: the promotion gate, demotion, RT replay and what
/// followers see, with several replicas (one task and one storage engine each) on one shared log.
/// </summary>
public sealed class LeaderFollowerTests
{
    private static readonly StoreVersion Version = new("hy", 1);
    private static readonly TopicPartition Vt = new(Version.VersionTopic, 0);
    private static readonly TopicPartition Rt = new(Version.RealTimeTopic, 0);
    private const long Delay = 300_000;

    private sealed class Replica
    {
        public Replica(Cluster cluster, int server, IngestionOptions options)
        {
            Storage = new InMemoryStorageEngine();
            Recorder = new Recorder();
            var context = new IngestionContext(new ServerId(server), cluster.Log, Storage, cluster.Clock,
                new PushStatusNotifier(cluster.Metadata), Recorder, options, cluster.Stores, new SeededRandom(100 + server));
            Task = new StoreIngestionTask(Version, context);
            Task.Enqueue(ConsumerActionType.Subscribe, 0);
        }

        public InMemoryStorageEngine Storage { get; }
        public Recorder Recorder { get; }
        public StoreIngestionTask Task { get; }

        public IPartitionConsumptionView State => Task.TryGetPartition(0, out var s) ? s : throw new InvalidOperationException("not subscribed");

        public void RunUntilIdle()
        {
            for (int guard = 0; Task.HasWork && guard < 100_000; guard++) Task.Step();
        }

        public IReadOnlyList<KeyValuePair<byte[], byte[]>> Content => Storage.Open(Version, 0).SnapshotSorted();
    }

    private sealed class Cluster
    {
        public InMemoryLog Log { get; } = new();
        public InMemoryMetadataStore Metadata { get; } = new();
        public SimClock Clock { get; } = new();
        public StoreRegistry Stores { get; } = new();
        private readonly SeededRandom random = new(1);

        public Cluster(bool hybrid)
        {
            Log.CreateTopic(Version.VersionTopic, 1);
            Log.CreateTopic(Version.RealTimeTopic, 1);
            Stores.Add(new StoreConfig(Version.Store, hybrid));
        }

        public VeniceWriter Writer(string topic) => new(Log, topic, random.NextProducerGuid(), ChecksumType.AdHash, Clock);

        public void BatchPush(int records)
        {
            var driver = Writer(Version.VersionTopic);
            var data = Writer(Version.VersionTopic);
            driver.BroadcastStartOfPush(1);
            for (int i = 0; i < records; i++) data.Put(0, Key(i), Encoding.ASCII.GetBytes($"batch-{i}"));
            data.Close();
            driver.BroadcastEndOfPush(1);
        }

        public void TopicSwitch() => Writer(Version.VersionTopic).SendControl(0, ControlPayload.TopicSwitch(Version.RealTimeTopic, -1));

        public void RealTime(int records, int firstKey = 0)
        {
            var rt = Writer(Version.RealTimeTopic);
            for (int i = 0; i < records; i++) rt.Put(0, Key(firstKey + i), Encoding.ASCII.GetBytes($"rt-{firstKey + i}"));
        }

        public static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key-{i:D5}");
    }

    private static IngestionOptions Options(bool dol = true) => IngestionOptions.Defaults with
    {
        PromotionDelayMs = Delay,
        UseDeclarationOfLeadership = dol,
        PollBatchRecords = 10,
        LeaderBatchRecords = 10,
    };

    [Test]
    public void The_leader_follower_table_allows_only_the_promotion_path_and_demotion()
    {
        Assert.That(LeaderFollowerTransitions.IsLegal(LeaderFollowerState.STANDBY, LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER), Is.True);
        Assert.That(LeaderFollowerTransitions.IsLegal(LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER, LeaderFollowerState.LEADER), Is.True);
        Assert.That(LeaderFollowerTransitions.IsLegal(LeaderFollowerState.LEADER, LeaderFollowerState.STANDBY), Is.True);
        Assert.That(LeaderFollowerTransitions.IsLegal(LeaderFollowerState.STANDBY, LeaderFollowerState.LEADER), Is.False, "no promotion without the gate");
        Assert.That(LeaderFollowerTransitions.IsLegal(LeaderFollowerState.LEADER, LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER), Is.False);
    }

    [Test]
    public void A_replica_asked_to_lead_declares_leadership_in_the_version_topic_and_waits_in_transition()
    {
        var cluster = new Cluster(hybrid: false);
        cluster.BatchPush(5);
        var replica = new Replica(cluster, server: 2, Options());
        replica.Task.PromoteToLeader(0, term: 7);

        replica.RunUntilIdle();

        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER));
        Assert.That(cluster.Log.TryRead(Vt, replica.State.DeclarationOffset, out var entry), Is.True);
        Assert.That(RecordCodec.TryDecode(entry.Payload, out var dol), Is.EqualTo(DecodeStatus.Ok));
        Assert.That(dol.IsControl(ControlMessageType.DeclarationOfLeadership), Is.True);
        Assert.That(dol.Leader, Is.EqualTo(new LeaderMetadata(2, -1, 7)));
        Assert.That(replica.State.DeclarationConsumed, Is.True, "the replica read its own declaration back");
    }

    [Test]
    public void Promotion_waits_for_the_inactivity_delay_after_the_last_version_topic_record()
    {
        var cluster = new Cluster(hybrid: false);
        cluster.BatchPush(5);
        var replica = new Replica(cluster, 0, Options());
        replica.Task.PromoteToLeader(0, term: 1);
        replica.RunUntilIdle();
        long lastConsumed = replica.State.LastVtRecordConsumedAtMs;

        cluster.Clock.AdvanceTo(lastConsumed + Delay - 1);
        Assert.That(replica.Task.HasWork, Is.False);
        Assert.That(replica.Task.NextDeadlineMs, Is.EqualTo(lastConsumed + Delay));
        cluster.Clock.AdvanceTo(lastConsumed + Delay);
        replica.RunUntilIdle();

        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.LEADER));
    }

    [Test]
    public void A_new_version_topic_record_restarts_the_inactivity_wait()
    {
        var cluster = new Cluster(hybrid: false);
        cluster.BatchPush(5);
        var replica = new Replica(cluster, 0, Options());
        replica.Task.PromoteToLeader(0, term: 1);
        replica.RunUntilIdle();

        cluster.Clock.AdvanceBy(Delay - 10);
        cluster.Writer(Version.VersionTopic).Put(0, Cluster.Key(99), "late"u8);
        replica.RunUntilIdle();
        cluster.Clock.AdvanceBy(10);
        replica.RunUntilIdle();

        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER));
        cluster.Clock.AdvanceBy(Delay);
        replica.RunUntilIdle();
        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.LEADER));
    }

    [Test]
    public void Without_its_declaration_read_back_a_replica_waits_for_the_declaration_timeout()
    {
        var cluster = new Cluster(hybrid: false);
        cluster.BatchPush(5);
        var replica = new Replica(cluster, 0, Options());
        replica.Task.PromoteToLeader(0, term: 1);
        replica.Task.Step(); // subscribe
        replica.Task.Step(); // STANDBY_TO_LEADER produces the declaration
        cluster.Log.LoseRecord(Vt, replica.State.DeclarationOffset);
        replica.RunUntilIdle();

        cluster.Clock.AdvanceTo(Delay + 1);
        replica.RunUntilIdle();
        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER));

        cluster.Clock.AdvanceTo(IngestionOptions.Defaults.DeclarationOfLeadershipTimeoutMs);
        replica.RunUntilIdle();
        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.LEADER));
    }

    [Test]
    public void A_declaration_the_broker_refuses_is_sent_again_after_the_backoff_and_the_promotion_goes_on()
    {
        var cluster = new Cluster(hybrid: false);
        cluster.BatchPush(5);
        var replica = new Replica(cluster, 0, Options());
        replica.Task.PromoteToLeader(0, term: 1);
        replica.Task.Step(); // subscribe
        cluster.Log.FailNextProduces(Vt, count: 3, landAnyway: false);

        replica.Task.Step(); // STANDBY_TO_LEADER: the broker refuses the declaration

        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER),
            "a refused send delays the declaration; it does not fail the Helix transition");
        Assert.That(replica.State.DeclarationOffset, Is.EqualTo(-1));
        for (int backoff = 0; backoff < 10; backoff++)
        {
            cluster.Clock.AdvanceBy(LeadershipTransitions.DeclarationRetryBackoffMs);
            replica.RunUntilIdle();
        }

        Assert.That(replica.Recorder.Events.Count(e => e.StartsWith("dol-send-failed ", StringComparison.Ordinal)), Is.InRange(1, 3));
        Assert.That(replica.State.DeclarationOffset, Is.GreaterThanOrEqualTo(0), "sent once the broker took it");
        Assert.That(replica.State.DeclarationConsumed, Is.True, "and read back");
        Assert.That(replica.Recorder.Statuses, Has.No.Member(ExecutionStatus.ERROR));
        cluster.Clock.AdvanceBy(Delay);
        replica.RunUntilIdle();
        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.LEADER));
    }

    [Test]
    public void With_the_declaration_mechanism_off_only_the_inactivity_delay_counts()
    {
        var cluster = new Cluster(hybrid: false);
        cluster.BatchPush(5);
        long endBefore = cluster.Log.EndOffset(Vt);
        var replica = new Replica(cluster, 0, Options(dol: false));
        replica.Task.PromoteToLeader(0, term: 1);
        replica.RunUntilIdle();
        cluster.Clock.AdvanceBy(Delay);
        replica.RunUntilIdle();

        Assert.That(cluster.Log.EndOffset(Vt), Is.EqualTo(endBefore), "no declaration was produced");
        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.LEADER));
    }

    [Test]
    public void A_promotion_overtaken_by_a_demotion_is_a_stale_no_op()
    {
        var cluster = new Cluster(hybrid: false);
        cluster.BatchPush(5);
        long endBefore = cluster.Log.EndOffset(Vt);
        var replica = new Replica(cluster, 0, Options());
        replica.Task.PromoteToLeader(0, term: 1);
        replica.Task.DemoteToStandby(0);

        replica.RunUntilIdle();
        cluster.Clock.AdvanceBy(2 * Delay);
        replica.RunUntilIdle();

        Assert.That(replica.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.STANDBY));
        Assert.That(cluster.Log.EndOffset(Vt), Is.EqualTo(endBefore), "the stale STANDBY_TO_LEADER produced nothing");
    }

    /// <summary>Batch push, TOPIC_SWITCH, RT records, then one leader promoted through the gate.</summary>
    private static (Cluster Cluster, Replica Leader) HybridWithLeader(int rtRecords, int server = 0)
    {
        var cluster = new Cluster(hybrid: true);
        cluster.BatchPush(20);
        cluster.TopicSwitch();
        cluster.RealTime(rtRecords);
        var leader = new Replica(cluster, server, Options());
        leader.Task.PromoteToLeader(0, term: 3);
        leader.RunUntilIdle();
        cluster.Clock.AdvanceBy(Delay);
        leader.RunUntilIdle();
        return (cluster, leader);
    }

    [Test]
    public void A_hybrid_leader_replays_the_realtime_topic_into_the_version_topic_with_leader_metadata()
    {
        var (cluster, leader) = HybridWithLeader(rtRecords: 30);

        Assert.That(leader.State.ConsumesUpstream, Is.True);
        Assert.That(leader.State.UpstreamOffset, Is.EqualTo(30), "RT offset 0 is the RT producer's SOS; data is at 1..30");
        var stamped = new List<LeaderMetadata>();
        for (long offset = 0; cluster.Log.TryRead(Vt, offset, out var entry); offset = entry.Offset + 1)
        {
            RecordCodec.TryDecode(entry.Payload, out var record);
            if (record.IsData && record.HasLeaderMetadata) stamped.Add(record.Leader);
        }
        Assert.That(stamped, Has.Count.EqualTo(30));
        Assert.That(stamped[0], Is.EqualTo(new LeaderMetadata(0, 1, 3)));
        Assert.That(stamped[^1], Is.EqualTo(new LeaderMetadata(0, 30, 3)));
        Assert.That(leader.State.LastProcessedVtOffset, Is.EqualTo(cluster.Log.EndOffset(Vt) - 1), "the leader persisted its own records from the produce callback");
        Assert.That(leader.Recorder.Events, Has.None.StartsWith("div "));
    }

    [Test]
    public void A_follower_applies_the_leaders_records_tracks_the_upstream_offset_and_converges_with_the_leader()
    {
        var (cluster, leader) = HybridWithLeader(rtRecords: 30);
        var follower = new Replica(cluster, 1, Options());

        follower.RunUntilIdle();

        Assert.That(follower.State.UpstreamOffset, Is.EqualTo(30));
        Assert.That(follower.Recorder.Events, Has.None.StartsWith("div "));
        Assert.That(follower.Content.Select(kv => Encoding.ASCII.GetString(kv.Value)), Is.EqualTo(leader.Content.Select(kv => Encoding.ASCII.GetString(kv.Value))));
    }

    [Test]
    public void A_demoted_leader_closes_its_segment_checkpoints_and_resumes_the_version_topic_after_its_own_records()
    {
        var (cluster, leader) = HybridWithLeader(rtRecords: 10);
        long lastProduced = leader.State.LastProcessedVtOffset;

        leader.Task.DemoteToStandby(0);
        leader.RunUntilIdle();

        Assert.That(leader.State.LeaderFollowerState, Is.EqualTo(LeaderFollowerState.STANDBY));
        Assert.That(leader.State.NextVtOffset, Is.EqualTo(lastProduced + 2), "its final END_OF_SEGMENT was persisted too");
        Assert.That(cluster.Log.TryRead(Vt, lastProduced + 1, out var entry), Is.True);
        RecordCodec.TryDecode(entry.Payload, out var eos);
        Assert.That(eos.IsControl(ControlMessageType.EndOfSegment) && eos.FinalSegment, Is.True);
        Assert.That(leader.Recorder.Events.Last(e => e.StartsWith("checkpoint ", StringComparison.Ordinal)), Is.EqualTo($"checkpoint {lastProduced + 1}"));
    }

    [Test]
    public void After_a_leader_handover_the_new_leader_resumes_the_realtime_topic_where_the_old_one_stopped_and_followers_see_no_false_div_errors()
    {
        var (cluster, first) = HybridWithLeader(rtRecords: 25);
        var second = new Replica(cluster, 1, Options());
        var follower = new Replica(cluster, 2, Options());
        second.RunUntilIdle();
        first.Task.DemoteToStandby(0);
        first.RunUntilIdle();
        cluster.RealTime(15, firstKey: 25);

        second.Task.PromoteToLeader(0, term: 4);
        second.RunUntilIdle();
        cluster.Clock.AdvanceBy(Delay);
        second.RunUntilIdle();
        follower.RunUntilIdle();
        first.RunUntilIdle();

        Assert.That(second.Recorder.Events, Has.Some.StartsWith("leader-consumes-upstream hy_v1-0@server-1 hy_rt from=26"));
        Assert.That(follower.Recorder.Events.Concat(first.Recorder.Events).Concat(second.Recorder.Events), Has.None.StartsWith("div "));
        var expected = follower.Content.Select(kv => Encoding.ASCII.GetString(kv.Value)).ToArray();
        Assert.That(first.Content.Select(kv => Encoding.ASCII.GetString(kv.Value)), Is.EqualTo(expected));
        Assert.That(second.Content.Select(kv => Encoding.ASCII.GetString(kv.Value)), Is.EqualTo(expected));
        Assert.That(expected, Does.Contain("rt-39"));
    }

    [Test]
    public void A_hybrid_leader_completes_only_once_its_realtime_lag_is_within_the_threshold_while_a_follower_judges_the_local_version_topic()
    {
        // One partition: threshold max(1000 / 1, 1) = 1000 records of lag.
        var cluster = new Cluster(hybrid: true);
        cluster.BatchPush(5);
        cluster.TopicSwitch();
        cluster.RealTime(1500);
        var follower = new Replica(cluster, 1, Options());
        var leader = new Replica(cluster, 0, Options() with { LeaderBatchRecords = 1000 });
        leader.Task.PromoteToLeader(0, term: 1);
        follower.RunUntilIdle();
        leader.RunUntilIdle();

        Assert.That(follower.Recorder.Statuses.Last(), Is.EqualTo(ExecutionStatus.COMPLETED), "caught up with the local VT");
        Assert.That(leader.Recorder.Statuses, Does.Not.Contain(ExecutionStatus.COMPLETED), "RT lag 1501 > 1000 while taking over");

        cluster.Clock.AdvanceBy(Delay);
        leader.RunUntilIdle();

        Assert.That(leader.Recorder.Statuses.Last(), Is.EqualTo(ExecutionStatus.COMPLETED));
    }

    [Test]
    public void A_hybrid_replica_that_was_ready_at_its_checkpoint_completes_at_once_on_restart_if_its_lag_grew_little()
    {
        var (cluster, leader) = HybridWithLeader(rtRecords: 10);
        // A one-byte sync interval makes the follower checkpoint after every batch, the last one ready to serve.
        var follower = new Replica(cluster, 1, Options() with { SyncBytesInterval = 1 });
        follower.RunUntilIdle();
        Assert.That(follower.Recorder.Statuses.Last(), Is.EqualTo(ExecutionStatus.COMPLETED));

        // VT lag 1500 at restart: above the threshold (1000), but grown by less than 2 × 1000 since the checkpoint.
        var vt = cluster.Writer(Version.VersionTopic);
        for (int i = 0; i < 1500; i++) vt.Put(0, Cluster.Key(500 + i), "later"u8);
        var context = new IngestionContext(new ServerId(1), cluster.Log, follower.Storage, cluster.Clock,
            new PushStatusNotifier(cluster.Metadata), new Recorder(), Options(), cluster.Stores, new SeededRandom(9));
        var task = new StoreIngestionTask(Version, context);
        task.Enqueue(ConsumerActionType.Subscribe, 0);
        task.Step();

        Assert.That(((Recorder)context.Observer).Statuses, Is.EqualTo(new[] { ExecutionStatus.STARTED, ExecutionStatus.COMPLETED }));
    }

    [Test]
    public void A_hybrid_replica_whose_lag_grew_by_twice_the_threshold_waits_for_the_normal_check_on_restart()
    {
        var (cluster, leader) = HybridWithLeader(rtRecords: 10);
        var follower = new Replica(cluster, 1, Options() with { SyncBytesInterval = 1 });
        follower.RunUntilIdle();

        // VT lag grew by 2100 ≥ 2 × 1000 since the checkpoint.
        var vt = cluster.Writer(Version.VersionTopic);
        for (int i = 0; i < 2100; i++) vt.Put(0, Cluster.Key(500 + i), "later"u8);
        var context = new IngestionContext(new ServerId(1), cluster.Log, follower.Storage, cluster.Clock,
            new PushStatusNotifier(cluster.Metadata), new Recorder(), Options(), cluster.Stores, new SeededRandom(9));
        var task = new StoreIngestionTask(Version, context);
        task.Enqueue(ConsumerActionType.Subscribe, 0);
        task.Step();

        Assert.That(((Recorder)context.Observer).Statuses, Is.EqualTo(new[] { ExecutionStatus.STARTED }));
    }
}
