using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Core.Storage;
using Venice.Core.Validation;
using Venice.Sim.Faults;
using Venice.Sim.InMemory;
using Venice.Sim.World;

namespace Venice.Sim;

/// <summary>
/// A deterministic hash of the part of a world's state that decides what it can do next, for the
/// exhaustive mode's pruning (docs/exhaustive.md#the-state-digest). Two worlds with the same digest
/// are treated as the same state: the subtree below the second is not explored again.
/// </summary>
/// <remarks>
/// In: the virtual clock; every topic-partition's records (decoded fields, lost and corrupted marks) and
/// end offset; every metadata node (path, data, version, ephemeral owner), every session with whether it
/// lives, and the change-feed sequence; every server's down/paused/isolated flags, its Helix participant
/// (session, replica states, inbox size, counters, work and deadline) and each ingestion task's
/// partitions with every field of their consumption state (leader/follower state, offsets, term,
/// EOP/TOPIC_SWITCH flags, last reported status, promotion start, pending persists); every storage
/// partition's sorted contents, unsynced key count and offset record (its DIV producer states decoded);
/// the Helix controller's assignment and external view, its outstanding transition messages and the
/// bus's counters; the push status decision; the push job's stage and records written; the nearline
/// producer's progress; the fault injector's pending actions; and each actor's HasWork and deadline.
/// Time is abstracted: a past time (record timestamps, leader terms, when a replica last consumed or
/// began a promotion) is hashed as its age in whole seconds and a deadline as the whole seconds until
/// it, so two interleavings that did the same things a few milliseconds apart are one state. Every
/// timeout of the model is at least a second, so this merges only states whose timers agree to the second.
/// Out, on purpose: the trace and its hash, step counters, the invariant checkers' memories, the
/// reference model, the seeded random streams' positions, Core's private DIV trackers and consumer
/// action queues, a storage partition's synced values of keys written since the last sync, the log's
/// armed produce failures and the milestone watcher's counts. In the tiny worlds the mode is for, each
/// is a function of what the digest holds (the records in the log fix what the trackers have seen; the
/// queues show in HasWork and deadlines). Where that, or the time abstraction, fails, pruning is an
/// approximation: it can skip a schedule, never invent a bug, because every reported bug is a real
/// schedule played from the root and judged.
/// </remarks>
internal static class WorldDigest
{
    /// <summary>The grain of the time abstraction: the model's shortest timeout (retries, the session notice delay) is one second.</summary>
    public const long TimeGrainMs = 1_000;

    /// <summary>The digest of the world as it is now (the first 16 bytes of a SHA-256).</summary>
    public static UInt128 Of(SimWorld world)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var w = new DigestWriter(buffer, world.Clock.NowMs);
        w.Long(world.Clock.NowMs);
        Log(w, world.Log);
        Metadata(w, world.Metadata);
        for (int i = 0; i < world.Servers.Count; i++) Server(w, world.Servers[i], world.StorageEngines[i]);
        Helix(w, world);
        foreach (var version in world.Versions)
        {
            w.Int((int)world.Controller.Monitor.StatusOf(version.Version));
            var (stage, written) = version.PushJob.Progress;
            w.Int(stage);
            w.Long(written);
        }
        foreach (var store in world.Stores)
        {
            if (store.RealtimeProducer is not { } producer) continue;
            var (written, closed) = producer.Progress;
            w.Long(written);
            w.Bool(closed);
        }
        if (world.Part<FaultInjector>() is { } faults)
        {
            w.Bool(faults.HealedAtMs is not null);
            foreach (var (atMs, description) in faults.PendingActions)
            {
                w.Until(atMs);
                w.String(description);
            }
            w.Int(-1);
        }
        foreach (var actor in world.Actors)
        {
            w.Bool(actor.HasWork);
            w.Until(actor.NextDeadlineMs);
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]));
    }

    private static void Log(DigestWriter w, SimLog log)
    {
        foreach (var topic in log.TopicNames())
        {
            w.String(topic);
            for (int p = 0; p < log.PartitionCount(topic); p++)
            {
                var partition = new TopicPartition(topic, p);
                long end = log.EndOffset(partition);
                w.Long(end);
                long offset = 0;
                while (offset < end && log.TryRead(partition, offset, out var entry))
                {
                    w.Long(entry.Offset);
                    w.Bool(log.IsCorrupted(partition, entry.Offset));
                    Record(w, entry.Payload);
                    offset = entry.Offset + 1;
                }
            }
        }
    }

    /// <summary>A log record's fields, its times aged; a record that does not decode (corrupted) by its bytes.</summary>
    private static void Record(DigestWriter w, ReadOnlySequence<byte> payload)
    {
        if (RecordCodec.TryDecode(payload, out var record) != DecodeStatus.Ok)
        {
            w.Int(-2);
            foreach (var segment in payload) w.Bytes(segment.Span);
            return;
        }
        w.Int((int)record.Type);
        w.Int((int)record.ControlType);
        w.String(record.Producer.Guid.ToString());
        w.Int(record.Producer.Segment);
        w.Int(record.Producer.Sequence);
        w.Age(record.Producer.TimestampMs);
        w.Bool(record.HasLeaderMetadata);
        w.Int(record.Leader.HostId);
        w.Long(record.Leader.UpstreamOffset);
        w.Age(record.Leader.Term);
        w.Sequence(record.Key);
        w.Sequence(record.Value);
        w.Int((int)record.ChecksumType);
        w.Sequence(record.Checksum);
        w.Bool(record.FinalSegment);
        w.String(record.TopicSwitchSourceTopic);
        w.Age(record.RewindStartTimestampMs);
    }

    /// <summary>An offset record's fields, with its DIV producer states decoded so their last timestamps can be aged.</summary>
    private static void Checkpoint(DigestWriter w, byte[] bytes)
    {
        if (!OffsetRecord.TryDecode(bytes, out var record))
        {
            w.Bytes(bytes);
            return;
        }
        w.Long(record.LastProcessedVtOffset);
        w.Bool(record.EndOfPushReceived);
        w.Bool(record.TopicSwitchReceived);
        w.Long(record.UpstreamOffset);
        w.String(record.LeaderTopic);
        w.Int(record.LeaderHostId);
        w.Long(record.OffsetLag);
        w.Bool(record.ReadyToServe);
        w.Age(record.RewindStartTimestampMs);
        if (!PartitionTracker.TryReadFrom(record.ProducerStates, out var tracker))
        {
            w.Bytes(record.ProducerStates);
            return;
        }
        foreach (var guid in tracker.Producers)
        {
            if (!tracker.TryGetProducerState(guid, out var state)) continue;
            w.String(guid.ToString());
            w.Int(state.Segment);
            w.Int(state.Sequence);
            w.Bool(state.Registered);
            w.Bool(state.Ended);
            w.Int((int)state.ChecksumType);
            w.Bool(state.ChecksumVerifiable);
            w.Age(state.LastTimestampMs);
        }
        w.Int(-1);
    }

    private static void Metadata(DigestWriter w, InMemoryMetadataStore metadata)
    {
        w.Long(metadata.LastChangeSequence);
        foreach (var (path, data, version, owner) in metadata.NodesInPathOrder)
        {
            w.String(path);
            w.String(data);
            w.Int(version);
            w.NullableLong(owner);
        }
        w.Int(-1);
        foreach (var (id, alive) in metadata.SessionsById)
        {
            w.Long(id);
            w.Bool(alive);
        }
        w.Int(-1);
    }

    private static void Server(DigestWriter w, ServerActor server, ISimulatedStorageEngine engine)
    {
        w.Bool(server.Down);
        w.Until(server.PausedUntilMs);
        w.Bool(server.Network.Isolated);
        var participant = server.Participant;
        w.NullableLong(participant.Session?.Value);
        w.Int(participant.InboxCount);
        w.Int(participant.StaleMessages);
        w.Int(participant.RejectedMessages);
        w.Bool(participant.HasWork);
        w.Until(participant.NextDeadlineMs);
        foreach (var (replica, state) in participant.States)
        {
            w.String(replica.ToString());
            w.Int((int)state);
        }
        w.Int(-1);
        foreach (var task in server.Tasks.OrderBy(t => t.Version.ToString(), StringComparer.Ordinal))
        {
            w.String(task.Version.ToString());
            w.Bool(task.HasWork);
            w.Until(task.NextDeadlineMs);
            foreach (int partition in task.SubscribedPartitions.Order())
            {
                w.Int(partition);
                if (task.TryGetPartition(partition, out var view)) Consumption(w, view);
            }
            w.Int(-1);
        }
        w.Int(-1);
        if (engine is InMemoryStorageEngine memory)
        {
            foreach (var (version, partition) in memory.PartitionIds())
            {
                w.String(version.ToString());
                w.Int(partition);
                var stored = memory.Open(version, partition);
                w.Int(stored.UnsyncedKeyCount);
                foreach (var pair in stored.SnapshotSorted())
                {
                    w.Bytes(pair.Key);
                    w.Bytes(pair.Value);
                }
                w.Int(-1);
                if (stored.TryGetMetadata(OffsetRecord.MetadataKey, out var offsetRecord)) Checkpoint(w, offsetRecord);
            }
        }
        w.Int(-1);
    }

    private static void Consumption(DigestWriter w, IPartitionConsumptionView v)
    {
        w.Bool(v.Completed);
        w.Bool(v.ConsumesUpstream);
        w.Bool(v.DeclarationConsumed);
        w.Long(v.DeclarationOffset);
        w.Bool(v.EndOfPushReceived);
        w.Bool(v.Errored);
        w.Long(v.LastProcessedVtOffset);
        w.Long(v.LastProducedVtOffset);
        w.Int(v.LastReportedStatus is { } status ? (int)status : -1);
        w.Age(v.LastVtRecordConsumedAtMs);
        w.Int((int)v.LeaderFollowerState);
        w.Int(v.LeaderHostId);
        w.Age(v.LeaderTerm);
        w.String(v.LeaderTopic);
        w.Long(v.NextUpstreamOffset);
        w.Long(v.NextVtOffset);
        w.Int(v.PendingPersistCount);
        w.Age(v.PromotionStartedAtMs);
        w.Age(v.RewindStartTimestampMs);
        w.Bool(v.TopicSwitchReceived);
        w.String(v.TopicSwitchSourceTopic);
        w.Long(v.UpstreamOffset);
    }

    private static void Helix(DigestWriter w, SimWorld world)
    {
        foreach (var version in world.Versions)
        {
            for (int p = 0; p < version.Store.Setup.Partitions; p++)
            {
                foreach (var server in world.Helix.AssignmentOf(version.Version, p)) w.Int(server.Value);
                w.Int(-1);
                foreach (var (server, state) in world.Helix.ExternalViewOf(version.Version, p).OrderBy(kv => kv.Key.Value))
                {
                    w.Int(server.Value);
                    w.Int((int)state);
                }
                w.Int(-1);
            }
        }
        var bus = world.HelixBus;
        w.Long(bus.HandledCount);
        w.Bool(bus.Reversing);
        foreach (var message in bus.Outstanding.OrderBy(m => m.MessageId))
        {
            w.Long(message.MessageId);
            w.String(message.Replica.ToString());
            w.Long(message.TargetSession.Value);
            w.Int((int)message.From);
            w.Int((int)message.To);
            w.Age(message.Term);
        }
        w.Int(-1);
        foreach (var server in world.Servers) w.Until(bus.NextDeliveryMs(server.Id));
    }

    /// <summary>Appends length-prefixed fields, so no two different field sequences write the same bytes.</summary>
    private readonly struct DigestWriter(ArrayBufferWriter<byte> buffer, long nowMs)
    {
        /// <summary>A past time, as its age in whole seconds (<see cref="TimeGrainMs"/>): see the time abstraction above.</summary>
        public void Age(long atMs) => Long(Math.Max(0, nowMs - atMs) / TimeGrainMs);

        /// <summary>A future time (a deadline), as the whole seconds until it, rounded up; a due one is 0.</summary>
        public void Until(long? atMs)
        {
            Bool(atMs.HasValue);
            if (atMs is { } at) Long(at <= nowMs ? 0 : (at - nowMs + TimeGrainMs - 1) / TimeGrainMs);
        }

        public void Long(long value)
        {
            BitConverter.TryWriteBytes(buffer.GetSpan(8), value);
            buffer.Advance(8);
        }

        public void Int(int value)
        {
            BitConverter.TryWriteBytes(buffer.GetSpan(4), value);
            buffer.Advance(4);
        }

        public void Bool(bool value) => Int(value ? 1 : 0);

        public void NullableLong(long? value)
        {
            Bool(value.HasValue);
            Long(value ?? 0);
        }

        public void String(string? value)
        {
            if (value is null)
            {
                Int(-1);
                return;
            }
            Bytes(Encoding.UTF8.GetBytes(value));
        }

        public void Sequence(ReadOnlySequence<byte> value)
        {
            Int((int)value.Length);
            foreach (var segment in value) Bytes(segment.Span);
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            Int(value.Length);
            value.CopyTo(buffer.GetSpan(value.Length));
            buffer.Advance(value.Length);
        }
    }
}
