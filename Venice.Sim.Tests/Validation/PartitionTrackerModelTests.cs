using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Defects;
using Venice.Core.Messages;
using Venice.Core.Validation;
using Venice.Sim.Tests.Properties;

namespace Venice.Sim.Tests.Validation;

/// <summary>
/// The DIV PartitionTracker against a reference model of Venice's consumer rules (the table of
/// docs/venice-write-path.md §4): two producers (one ADHASH, one MD5) write segments whose records are
/// delivered, lost, corrupted or delivered again, while the tracker's state is checkpointed and restored.
/// After every command the tracker's result and its producer states must be the model's.
/// </summary>
[TestFixture]
[Category("Property")]
public sealed class PartitionTrackerModelTests
{
    [Test]
    public void The_tracker_follows_the_DIV_rules_over_generated_deliveries_losses_corruptions_and_restores()
    {
        var result = CommandSequences.Check(DivCommands.Lists, commands => DivRig.Run(commands, SeededDefects.None), maxTest: 400);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public void The_generated_lists_reach_every_verdict_an_honest_producer_can_cause()
    {
        var seen = new HashSet<DivResult>();
        foreach (var commands in DivCommands.Lists.Generator.Sample(400, new Rnd(20_261_124UL), 40))
        {
            DivRig.Run(commands, SeededDefects.None, seen);
        }

        // DATA_AFTER_END_OF_SEGMENT needs a record its producer never wrote (a sequence past its own END_OF_SEGMENT).
        Assert.That(seen, Is.EquivalentTo(Enum.GetValues<DivResult>().Except([DivResult.DataAfterEndOfSegment])));
    }

    [Test]
    public void With_div_ignores_gaps_a_lost_record_goes_unnoticed_and_shrinks_to_three_commands()
    {
        // The drainer builds its tracker with ignoreGaps from this defect (StoreIngestionTask.Subscribe).
        var defects = SeededDefects.FromNames([SeededDefects.DivIgnoresGapsName]);

        var result = CommandSequences.Check(DivCommands.Lists, commands => DivRig.Run(commands, defects), maxTest: 400);

        Assert.That(result.Passed, Is.False, "the model must catch the defect");
        TestContext.Out.WriteLine(result);
        // The smallest loss: open a segment, lose its first record, deliver the second.
        Assert.That(result.Counterexample, Has.Count.EqualTo(3), result.ToString());
        Assert.That(result.Counterexample!.Select(c => (c as ProduceRecord)?.Delivery), Is.EqualTo(new Delivery?[] { Delivery.Deliver, Delivery.Lose, Delivery.Deliver }), result.ToString());
        Assert.That(result.Reason, Does.Contain("model says Missing"), result.ToString());
    }
}

/// <summary>What happens to a produced record on its way to the validator.</summary>
internal enum Delivery
{
    Deliver,
    Lose,
    Corrupt,
}

/// <summary>One step of a DIV command list.</summary>
internal abstract record DivCommand;

/// <summary>
/// The producer writes its next record: START_OF_SEGMENT when no segment is open, otherwise a PUT or,
/// with <paramref name="EndSegment"/>, the END_OF_SEGMENT; the record is then delivered, lost or corrupted
/// (a PUT's value changed, an END_OF_SEGMENT's checksum flipped; a corrupted START_OF_SEGMENT arrives intact).
/// </summary>
internal sealed record ProduceRecord(int Producer, bool EndSegment, Delivery Delivery) : DivCommand
{
    public override string ToString() => $"producer {Producer} {(EndSegment ? "ends its segment" : "writes")}, {Delivery.ToString().ToLowerInvariant()}";
}

/// <summary>A record delivered before arrives again (a retry or a replay); the index wraps around the deliveries so far.</summary>
internal sealed record Redeliver(int Index) : DivCommand
{
    public override string ToString() => $"delivery {Index} again";
}

/// <summary>The tracker's state is serialised, as into an OffsetRecord.</summary>
internal sealed record TakeCheckpoint : DivCommand
{
    public override string ToString() => "checkpoint";
}

/// <summary>The tracker is replaced by one read back from the last checkpoint (an empty tracker before any).</summary>
internal sealed record RestoreCheckpoint : DivCommand
{
    public override string ToString() => "restore";
}

/// <summary>The generator and shrinker of DIV command lists.</summary>
internal static class DivCommands
{
    public static Gen<DivCommand> Command { get; } = Gen.Frequency(
        (12, from producer in Gen.Choose(0, DivRig.Producers - 1)
             from end in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
             from delivery in Gen.Frequency((8, Gen.Constant(Delivery.Deliver)), (1, Gen.Constant(Delivery.Lose)), (1, Gen.Constant(Delivery.Corrupt)))
             select (DivCommand)new ProduceRecord(producer, end, delivery)),
        (2, Gen.Choose(0, 30).Select(i => (DivCommand)new Redeliver(i))),
        (1, Gen.Constant((DivCommand)new TakeCheckpoint())),
        (1, Gen.Constant((DivCommand)new RestoreCheckpoint())));

    public static Arbitrary<IReadOnlyList<DivCommand>> Lists { get; } = CommandSequences.Of(Command, Simplify, maxLength: 40);

    /// <summary>Toward an intact delivery of a plain PUT by the first producer, and toward the first delivery.</summary>
    public static IEnumerable<DivCommand> Simplify(DivCommand command)
    {
        switch (command)
        {
            case ProduceRecord p:
                if (p.Delivery != Delivery.Deliver) yield return p with { Delivery = Delivery.Deliver };
                if (p.EndSegment) yield return p with { EndSegment = false };
                if (p.Producer > 0) yield return p with { Producer = 0 };
                break;
            case Redeliver { Index: > 0 } r:
                yield return r with { Index = 0 };
                break;
        }
    }
}

/// <summary>
/// The reference model's view of one producer, Venice's rules reduced to what they depend on: the
/// segment and sequence reached, whether the segment ended, whether a START_OF_SEGMENT opened it, whether
/// its checksum can still be verified, whether no record of it validated yet (Venice's new segment),
/// whether its END_OF_SEGMENT finalised the checksum, and, in place of the checksum itself, whether an
/// accepted record differed from what was produced.
/// </summary>
internal sealed record ModelProducer(int Segment, int Sequence, bool Ended, bool Registered, bool Verifiable, bool Tainted, bool New, bool Finalized)
{
    /// <summary>A segment opened at <paramref name="r"/>: registered and verifiable only at a START_OF_SEGMENT.</summary>
    public static ModelProducer Opened(DeliveredRecord r)
    {
        bool registered = r.Kind == RecordKind.StartOfSegment;
        return new(r.Segment, r.Sequence, Ended: false, registered, Verifiable: registered, Tainted: false, New: true, Finalized: false);
    }
}

/// <summary>What the model needs of a record.</summary>
internal enum RecordKind
{
    StartOfSegment,
    Put,
    EndOfSegment,
}

/// <summary>A delivered record and the facts the model classifies it by.</summary>
internal sealed record DeliveredRecord(int Producer, VeniceRecord Record, RecordKind Kind, bool Corrupted)
{
    public int Segment => Record.Producer.Segment;

    public int Sequence => Record.Producer.Sequence;
}

/// <summary>Runs one command list against a real tracker and the model, reporting the first disagreement.</summary>
internal sealed class DivRig
{
    public const int Producers = 2;

    private static readonly ChecksumType[] ChecksumTypes = [ChecksumType.AdHash, ChecksumType.Md5];

    private readonly SeededDefects defects;
    private readonly ScriptedProducer[] producers;
    private readonly bool[] segmentOpen = new bool[Producers];
    private readonly List<DeliveredRecord> delivered = [];
    private PartitionTracker tracker;
    private Dictionary<int, ModelProducer> model = [];
    private byte[] checkpoint;
    private Dictionary<int, ModelProducer> checkpointModel = [];
    private int puts;
    private ISet<DivResult>? verdicts;

    private DivRig(SeededDefects defects)
    {
        this.defects = defects;
        producers = [.. Enumerable.Range(0, Producers).Select(i => new ScriptedProducer(new ProducerGuid((ulong)i + 1, 7), ChecksumTypes[i]))];
        tracker = NewTracker();
        checkpoint = Serialise(tracker);
    }

    /// <returns>Null when the tracker agreed with the model throughout; otherwise the first disagreement.</returns>
    /// <param name="verdicts">Collects the model's verdicts, to show what the generated lists reach.</param>
    public static string? Run(IReadOnlyList<DivCommand> commands, SeededDefects defects, ISet<DivResult>? verdicts = null)
    {
        var rig = new DivRig(defects) { verdicts = verdicts };
        for (int i = 0; i < commands.Count; i++)
        {
            if (rig.Apply(commands[i]) is { } disagreement) return $"command {i + 1} ({commands[i]}): {disagreement}";
        }
        return null;
    }

    private PartitionTracker NewTracker() => new(ignoreGaps: defects.DivIgnoresGaps);

    private string? Apply(DivCommand command)
    {
        switch (command)
        {
            case ProduceRecord p:
                DeliveredRecord record = Produce(p);
                if (p.Delivery == Delivery.Lose) return null;
                delivered.Add(record);
                return Deliver(record) ?? CompareStates();
            case Redeliver r:
                if (delivered.Count == 0) return null;
                return Deliver(delivered[r.Index % delivered.Count]) ?? CompareStates();
            case TakeCheckpoint:
                checkpoint = Serialise(tracker);
                // MD5 keeps its running state inside .NET, so a restored MD5 segment cannot be verified. Like
                // Venice's, a restored segment is not new and its checksum is writable again.
                checkpointModel = model.ToDictionary(e => e.Key, e => e.Value with
                {
                    Verifiable = e.Value.Verifiable && ChecksumTypes[e.Key] != ChecksumType.Md5,
                    New = false,
                    Finalized = false,
                });
                return null;
            case RestoreCheckpoint:
                if (!PartitionTracker.TryReadFrom(checkpoint, out PartitionTracker? restored, defects.DivIgnoresGaps))
                    return "a checkpoint the tracker wrote could not be read back";
                tracker = restored;
                model = new Dictionary<int, ModelProducer>(checkpointModel);
                return CompareStates();
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command");
        }
    }

    private DeliveredRecord Produce(ProduceRecord p)
    {
        ScriptedProducer producer = producers[p.Producer];
        bool corrupt = p.Delivery == Delivery.Corrupt;
        if (!segmentOpen[p.Producer])
        {
            segmentOpen[p.Producer] = true;
            return new DeliveredRecord(p.Producer, producer.StartSegment(), RecordKind.StartOfSegment, Corrupted: false);
        }
        if (p.EndSegment)
        {
            segmentOpen[p.Producer] = false;
            VeniceRecord end = producer.EndSegment();
            if (!corrupt) return new DeliveredRecord(p.Producer, end, RecordKind.EndOfSegment, Corrupted: false);
            byte[] claimed = end.Checksum.ToArray();
            claimed[0] ^= 0xFF;
            return new DeliveredRecord(p.Producer, end with { Checksum = new ReadOnlySequence<byte>(claimed) }, RecordKind.EndOfSegment, Corrupted: true);
        }
        int n = puts++;
        VeniceRecord put = producer.Put($"key-{n}", $"value-{n}");
        if (!corrupt) return new DeliveredRecord(p.Producer, put, RecordKind.Put, Corrupted: false);
        return new DeliveredRecord(p.Producer, put with { Value = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes($"corrupted-{n}")) }, RecordKind.Put, Corrupted: true);
    }

    private string? Deliver(DeliveredRecord record)
    {
        DivResult actual = tracker.Validate(record.Record);
        model.TryGetValue(record.Producer, out ModelProducer? before);
        (DivResult expected, ModelProducer? after) = Classify(before, record);
        if (after is not null) model[record.Producer] = after;
        verdicts?.Add(expected);
        return actual == expected
            ? null
            : $"producer {record.Producer}'s {record.Kind} segment {record.Segment} sequence {record.Sequence}{(record.Corrupted ? " (corrupted)" : "")}: tracker says {actual}, model says {expected}";
    }

    /// <summary>
    /// Venice's consumer rules before END_OF_PUSH (PartitionTracker.validateMessage, docs/venice-write-path.md §4):
    /// the segment, then the sequence number, then the checksum. The new state may come with a fault: an
    /// unregistered segment is recorded before UNREGISTERED_PRODUCER, and a record's sequence number is taken
    /// before CORRUPT or DATA_AFTER_END_OF_SEGMENT.
    /// </summary>
    private static (DivResult Result, ModelProducer? After) Classify(ModelProducer? state, DeliveredRecord r)
    {
        bool opened = false;
        if (state is null)
        {
            if (r.Segment != 0) return (DivResult.UnregisteredProducer, null);
            state = ModelProducer.Opened(r);
            if (!state.Registered) return (DivResult.UnregisteredProducer, state);
            opened = true;
        }
        else if (r.Segment == state.Segment + 1 && state.Ended)
        {
            state = ModelProducer.Opened(r);
            if (!state.Registered) return (DivResult.UnregisteredProducer, state);
            opened = true;
        }
        else if (r.Segment > state.Segment) return (DivResult.Missing, null);
        else if (r.Segment < state.Segment) return (DivResult.Duplicate, null);

        // A START_OF_SEGMENT at sequence 0 opens a segment that is not started yet: it takes any number.
        if (!opened)
        {
            if (r.Sequence == state.Sequence && !state.New) return (DivResult.Duplicate, null);
            if (r.Sequence < state.Sequence) return (DivResult.Duplicate, null);
            if (r.Sequence > state.Sequence + 1) return (DivResult.Missing, null);
        }
        state = state with { Sequence = r.Sequence };

        if (!state.Registered) return (DivResult.Ok, state with { Ended = state.Ended || r.Kind == RecordKind.EndOfSegment, New = false });
        return r.Kind switch
        {
            RecordKind.EndOfSegment when state.Verifiable && (state.Tainted || r.Corrupted) => (DivResult.Corrupt, state with { Finalized = true }),
            RecordKind.EndOfSegment => (DivResult.Ok, state with { Ended = true, Finalized = true, New = false }),
            _ when state.Finalized => (DivResult.DataAfterEndOfSegment, state),
            _ => (DivResult.Ok, state with { Tainted = state.Tainted || r.Corrupted, New = false }),
        };
    }

    private string? CompareStates()
    {
        for (int i = 0; i < Producers; i++)
        {
            bool tracked = tracker.TryGetProducerState(producers[i].Guid, out ProducerStateSnapshot actual);
            bool modelled = model.TryGetValue(i, out ModelProducer? expected);
            if (tracked != modelled) return $"producer {i}: tracker {(tracked ? "follows" : "does not follow")} it, the model {(modelled ? "does" : "does not")}";
            if (!tracked) continue;
            var actualView = (actual.Segment, actual.Sequence, actual.Ended, actual.Registered, actual.ChecksumVerifiable);
            var expectedView = (expected!.Segment, expected.Sequence, expected.Ended, expected.Registered, expected.Verifiable);
            if (actualView != expectedView) return $"producer {i}: tracker state (segment, sequence, ended, registered, verifiable) {actualView}, model {expectedView}";
        }
        return null;
    }

    private static byte[] Serialise(PartitionTracker tracker)
    {
        var writer = new ArrayBufferWriter<byte>();
        tracker.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }
}
