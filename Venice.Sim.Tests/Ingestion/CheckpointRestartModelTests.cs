using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Venice.Core;
using Venice.Core.Defects;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Core.Storage;
using Venice.Sim.InMemory;
using Venice.Sim.Tests.Properties;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>
/// The offset checkpoint/restart cycle (OffsetRecord, the partition checkpointer, storage Sync) against a
/// model of what a restart may lose (docs/venice-write-path.md §5): a push is written to the VT while a
/// replica consumes it and crashes, at rest or between two durable storage writes (inside a checkpoint).
/// After each crash the synced data must cover every write up to the checkpointed offset (only the
/// unsynced tail after it may be gone), and at the end the replica must hold exactly what the VT says.
/// </summary>
[TestFixture]
[Category("Property")]
public sealed class CheckpointRestartModelTests
{
    [Test]
    public void A_restart_loses_only_the_unsynced_tail_after_the_checkpoint_over_generated_crashes()
    {
        var result = CommandSequences.Check(CheckpointCommands.Lists, commands => CheckpointRig.Run(commands, SeededDefects.None), maxTest: 150);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public void With_checkpoint_before_sync_a_crash_inside_a_checkpoint_loses_checkpointed_writes_and_shrinks_to_a_few_commands()
    {
        var defects = SeededDefects.FromNames([SeededDefects.CheckpointBeforeSyncName]);

        var result = CommandSequences.Check(CheckpointCommands.Lists, commands => CheckpointRig.Run(commands, defects), maxTest: 150);

        Assert.That(result.Passed, Is.False, "the model must catch the defect");
        TestContext.Out.WriteLine(result);
        Assert.That(result.Reason, Does.Contain("at or before the checkpointed offset"), result.ToString());
        Assert.That(result.Counterexample, Has.Count.LessThanOrEqualTo(3), result.ToString());
        Assert.That(result.Counterexample!.OfType<CrashBetweenDurableWrites>(), Is.Not.Empty, "only a crash inside a checkpoint can tell the order apart");
    }

    [Test]
    public void A_crash_inside_a_checkpoint_is_not_enough_without_the_defect()
    {
        // The counterexample shape the defect shrinks to: data consumed, then a crash after the checkpoint's first durable write.
        IReadOnlyList<CheckpointCommand> commands = [new WriteRecords(3), new CrashBetweenDurableWrites(3)];

        Assert.That(CheckpointRig.Run(commands, SeededDefects.None), Is.Null);
        Assert.That(CheckpointRig.Run(commands, SeededDefects.FromNames([SeededDefects.CheckpointBeforeSyncName])), Is.Not.Null);
    }
}

/// <summary>One step of a checkpoint/restart command list.</summary>
internal abstract record CheckpointCommand;

/// <summary>The push writes <paramref name="Count"/> more PUTs (over four keys) to the VT; nothing after END_OF_PUSH.</summary>
internal sealed record WriteRecords(int Count) : CheckpointCommand
{
    public override string ToString() => $"write {Count}";
}

/// <summary>The push ends: the data writer's END_OF_SEGMENT and END_OF_PUSH.</summary>
internal sealed record EndPush : CheckpointCommand
{
    public override string ToString() => "end push";
}

/// <summary>The replica runs <paramref name="Steps"/> steps of its ingestion task.</summary>
internal sealed record Consume(int Steps) : CheckpointCommand
{
    public override string ToString() => $"consume {Steps} steps";
}

/// <summary>The server crashes between steps (unsynced writes are lost) and the replica restarts from its checkpoint.</summary>
internal sealed record CrashAtRest : CheckpointCommand
{
    public override string ToString() => "crash and restart";
}

/// <summary>
/// The replica consumes until its <paramref name="DurableWrites"/>th durable storage write from now (a
/// Sync or an OffsetRecord write), and the server crashes right after that write, before the next
/// one; then the replica restarts. If the replica runs out of work first, nothing crashes.
/// </summary>
internal sealed record CrashBetweenDurableWrites(int DurableWrites) : CheckpointCommand
{
    public override string ToString() => $"crash right after durable write #{DurableWrites} and restart";
}

/// <summary>The generator and shrinker of checkpoint/restart command lists.</summary>
internal static class CheckpointCommands
{
    public static Gen<CheckpointCommand> Command { get; } = Gen.Frequency(
        (4, Gen.Choose(1, 6).Select(n => (CheckpointCommand)new WriteRecords(n))),
        (4, Gen.Choose(1, 6).Select(n => (CheckpointCommand)new Consume(n))),
        (1, Gen.Constant((CheckpointCommand)new EndPush())),
        (1, Gen.Constant((CheckpointCommand)new CrashAtRest())),
        (2, Gen.Choose(1, 4).Select(n => (CheckpointCommand)new CrashBetweenDurableWrites(n))));

    public static Arbitrary<IReadOnlyList<CheckpointCommand>> Lists { get; } = CommandSequences.Of(Command, Simplify, maxLength: 20);

    /// <summary>Fewer records and steps, earlier crashes, and a crash at rest for one inside a checkpoint.</summary>
    public static IEnumerable<CheckpointCommand> Simplify(CheckpointCommand command)
    {
        switch (command)
        {
            case WriteRecords { Count: > 1 } w:
                yield return w with { Count = 1 };
                yield return w with { Count = w.Count - 1 };
                break;
            case Consume { Steps: > 1 } c:
                yield return c with { Steps = 1 };
                yield return c with { Steps = c.Steps - 1 };
                break;
            case CrashBetweenDurableWrites c:
                yield return new CrashAtRest();
                if (c.DurableWrites > 1) yield return c with { DurableWrites = c.DurableWrites - 1 };
                break;
        }
    }
}

/// <summary>
/// One replica of store_v1 partition 0 over a storage engine that can crash between two durable writes,
/// and the model: the data writes in VT order. Runs one command list and reports the first loss.
/// </summary>
internal sealed class CheckpointRig
{
    private const int Keys = 4;
    private const int MaxSteps = 10_000;

    private static readonly StoreVersion Version = new("store", 1);

    private readonly InMemoryLog log = new();
    private readonly InMemoryStorageEngine engine = new();
    private readonly CrashableStorage storage;
    private readonly InMemoryMetadataStore metadata = new();
    private readonly SimClock clock = new();
    private readonly Recorder recorder = new();
    private readonly IngestionOptions options;
    private readonly VeniceWriter driver;
    private readonly VeniceWriter writer;
    private readonly List<(long Offset, string Key, string Value)> writes = [];
    private StoreIngestionTask task = null!;
    private bool pushEnded;
    private int restarts;

    private CheckpointRig(SeededDefects defects)
    {
        storage = new CrashableStorage(engine);
        // Checkpoints every few records and small polls, so a short list crosses many checkpoints.
        options = IngestionOptions.Defaults with { SyncBytesInterval = 120, PollBatchRecords = 2, Defects = defects };
        log.CreateTopic(Version.VersionTopic, 1);
        var random = new SeededRandom(3);
        driver = new VeniceWriter(log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        writer = new VeniceWriter(log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        driver.BroadcastStartOfPush(1);
        StartReplica();
    }

    /// <returns>Null when no restart lost more than the model allows and the replica ends with the VT's data; otherwise the loss.</returns>
    public static string? Run(IReadOnlyList<CheckpointCommand> commands, SeededDefects defects)
    {
        var rig = new CheckpointRig(defects);
        for (int i = 0; i < commands.Count; i++)
        {
            if (rig.Apply(commands[i]) is { } loss) return $"command {i + 1} ({commands[i]}): {loss}";
        }
        return rig.CatchUp();
    }

    private string? Apply(CheckpointCommand command)
    {
        switch (command)
        {
            case WriteRecords w:
                if (pushEnded) return null;
                for (int i = 0; i < w.Count; i++)
                {
                    string key = $"key-{writes.Count % Keys}", value = $"value-{writes.Count}";
                    long offset = writer.Put(0, Bytes(key), Bytes(value)).Offset;
                    writes.Add((offset, key, value));
                }
                return null;
            case EndPush:
                if (pushEnded) return null;
                pushEnded = true;
                writer.Close();
                driver.BroadcastEndOfPush(1);
                return null;
            case Consume c:
                for (int i = 0; i < c.Steps && task.HasWork; i++) task.Step();
                return null;
            case CrashAtRest:
                return CrashAndRestart();
            case CrashBetweenDurableWrites c:
                storage.CrashAfter(c.DurableWrites);
                for (int i = 0; i < MaxSteps && task.HasWork && !storage.Crashed; i++) task.Step();
                if (!storage.Crashed)
                {
                    storage.Disarm();
                    return null;
                }
                return CrashAndRestart();
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command");
        }
    }

    /// <summary>
    /// The model's one rule: every write at or before the checkpointed offset survives the crash, as
    /// itself or as a later write of its key (storage may have synced ahead of the checkpoint).
    /// </summary>
    private string? CrashAndRestart()
    {
        storage.Crash();
        restarts++;
        IStoragePartition partition = engine.OpenPartition(Version, 0);
        long checkpointed = partition.TryGetMetadata(OffsetRecord.MetadataKey, out byte[] stored) && OffsetRecord.TryDecode(stored, out OffsetRecord record)
            ? record.LastProcessedVtOffset
            : -1;
        foreach (var group in writes.GroupBy(w => w.Key))
        {
            var covered = group.Where(w => w.Offset <= checkpointed).ToList();
            if (covered.Count == 0) continue;
            var allowed = group.Where(w => w.Offset >= covered[^1].Offset).Select(w => w.Value).ToHashSet();
            string? actual = Value(partition, group.Key);
            if (actual is null || !allowed.Contains(actual))
            {
                return $"after crash {restarts} storage holds {group.Key}={actual ?? "nothing"}, but its write at VT offset {covered[^1].Offset} is at or before the checkpointed offset {checkpointed}";
            }
        }
        StartReplica();
        return null;
    }

    /// <summary>The end of the list: the push ends, the replica consumes everything and must hold the VT's data, without a DIV fault.</summary>
    private string? CatchUp()
    {
        Apply(new EndPush());
        for (int i = 0; i < MaxSteps && task.HasWork; i++) task.Step();
        if (recorder.Events.FirstOrDefault(e => e.StartsWith("div ", StringComparison.Ordinal)) is { } fault)
            return $"a replay after a restart met a DIV fault ({fault})";
        IStoragePartition partition = engine.OpenPartition(Version, 0);
        foreach (var last in writes.GroupBy(w => w.Key).Select(g => g.Last()))
        {
            if (Value(partition, last.Key) != last.Value)
                return $"after catching up storage holds {last.Key}={Value(partition, last.Key) ?? "nothing"}, the VT's last write is {last.Value}";
        }
        if (recorder.Statuses.LastOrDefault() != ExecutionStatus.COMPLETED) return $"after catching up the replica's last status is {recorder.Statuses.LastOrDefault()}";
        return null;
    }

    private void StartReplica()
    {
        var context = new IngestionContext(new ServerId(0), log, storage, clock, new PushStatusNotifier(metadata), recorder, options, new StoreRegistry(), new SeededRandom(5));
        task = new StoreIngestionTask(Version, context);
        task.Enqueue(ConsumerActionType.Subscribe, 0);
    }

    private static string? Value(IStoragePartition partition, string key) =>
        partition.TryGet(Bytes(key), out ReadOnlyMemory<byte> value) ? Encoding.ASCII.GetString(value.Span) : null;

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);
}

/// <summary>
/// Storage whose server can die right after its Nth durable write (a Sync or a metadata write): the dead
/// server's later calls in the same step are dropped (its process is gone), and <see cref="Crash"/> then
/// loses the unsynced writes, as a real crash would.
/// </summary>
internal sealed class CrashableStorage(InMemoryStorageEngine inner) : IStorageEngine
{
    private int? durableWritesLeft;

    public bool Crashed { get; private set; }

    public void CrashAfter(int durableWrites) => durableWritesLeft = durableWrites;

    public void Disarm() => durableWritesLeft = null;

    public void Crash()
    {
        inner.Crash();
        Crashed = false;
        durableWritesLeft = null;
    }

    public IStoragePartition OpenPartition(StoreVersion version, int partition) => new Partition(inner.OpenPartition(version, partition), this);

    public bool HasPartition(StoreVersion version, int partition) => inner.HasPartition(version, partition);

    public void DropPartition(StoreVersion version, int partition)
    {
        if (!Crashed) inner.DropPartition(version, partition);
    }

    private void Durable(Action write)
    {
        if (Crashed) return;
        write();
        if (durableWritesLeft is { } left && (durableWritesLeft = left - 1) == 0) Crashed = true;
    }

    private sealed class Partition(IStoragePartition inner, CrashableStorage owner) : IStoragePartition
    {
        public long KeyCount => inner.KeyCount;

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (!owner.Crashed) inner.Put(key, value);
        }

        public void Delete(ReadOnlySpan<byte> key)
        {
            if (!owner.Crashed) inner.Delete(key);
        }

        public bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value) => inner.TryGet(key, out value);

        public void Sync() => owner.Durable(inner.Sync);

        public void PutMetadata(string key, ReadOnlySpan<byte> value)
        {
            byte[] copy = value.ToArray();
            owner.Durable(() => inner.PutMetadata(key, copy));
        }

        public bool TryGetMetadata(string key, out byte[] value) => inner.TryGetMetadata(key, out value);

        public IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted() => inner.SnapshotSorted();
    }
}
