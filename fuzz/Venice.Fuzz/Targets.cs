using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Core.Validation;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;

namespace Venice.Fuzz;

/// <summary>The fuzz targets, by the name given on the command line.</summary>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, FuzzTarget> ByName = new Dictionary<string, FuzzTarget>
    {
        ["record"] = Record,
        ["tracker"] = Tracker,
        ["offset"] = Offset,
        ["scenario"] = Scenario,
        ["trace"] = Trace,
    };

    /// <summary>
    /// RecordCodec.TryDecode: the same status whether the bytes come in one segment or many, and a
    /// decoded record re-encodes to exactly the input (the encoding is canonical).
    /// </summary>
    private static void Record(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        DecodeStatus status = RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out VeniceRecord record);
        DecodeStatus chunked = RecordCodec.TryDecode(Venice.Sim.Tests.Messages.ChunkedSequence.Split(bytes, 3), out _);
        Check(status == chunked, $"contiguous bytes decode as {status}, the same bytes in 3-byte segments as {chunked}");
        if (status != DecodeStatus.Ok) return;
        Check(Encode(record).AsSpan().SequenceEqual(bytes), "a decoded record does not re-encode to its input");
    }

    /// <summary>
    /// PartitionTracker fed with decoded records. The input is a series of frames (uint16 length, then a
    /// record); every frame that decodes is validated, and a fatal result resynchronises when the frame's
    /// length is odd. After each record the tracker's state must serialise, restore and serialise to the same bytes.
    /// The whole input is also offered to TryReadFrom as a serialised state.
    /// </summary>
    private static void Tracker(ReadOnlySpan<byte> input)
    {
        if (PartitionTracker.TryReadFrom(input, out PartitionTracker? fromBytes))
        {
            CheckSerialisation(fromBytes);
        }

        var tracker = new PartitionTracker();
        ReadOnlySpan<byte> rest = input;
        while (rest.Length >= 2)
        {
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(rest), rest.Length - 2);
            byte[] frame = rest.Slice(2, length).ToArray();
            rest = rest[(2 + length)..];
            if (RecordCodec.TryDecode(new ReadOnlySequence<byte>(frame), out VeniceRecord record) != DecodeStatus.Ok) continue;

            DivResult result = tracker.Validate(record);
            if (result != DivResult.Ok && length % 2 == 1) tracker.Resynchronise(record);
            CheckSerialisation(tracker);
        }
        CheckSerialisation(tracker.Clone());
    }

    /// <summary>OffsetRecord.TryDecode: a decoded checkpoint re-encodes to bytes that decode to the same checkpoint.</summary>
    private static void Offset(ReadOnlySpan<byte> input)
    {
        if (!OffsetRecord.TryDecode(input, out OffsetRecord record)) return;
        Check(OffsetRecord.TryDecode(record.Encode(), out OffsetRecord again), "a decoded checkpoint re-encodes to bytes it refuses");
        Check(again.ProducerStates.AsSpan().SequenceEqual(record.ProducerStates)
            && again with { ProducerStates = record.ProducerStates } == record,
            "a decoded checkpoint re-encodes to a different checkpoint");
    }

    private static readonly string ScenarioPath =
        Path.Combine(Path.GetTempPath(), $"venice-fuzz-{Environment.ProcessId}.yaml");

    /// <summary>
    /// The scenario loader on the input as a file (size limit, strict UTF-8, BOM) and as text: a scenario
    /// or an error at a line and column, never an exception.
    /// </summary>
    private static void Scenario(ReadOnlySpan<byte> input)
    {
        // Through a file, so Load's own byte-level checks are fuzzed too; one path per process is reused.
        File.WriteAllBytes(ScenarioPath, input.ToArray());
        CheckScenario(ScenarioLoader.Load(ScenarioPath));
        CheckScenario(ScenarioLoader.Parse(Encoding.UTF8.GetString(input), "fuzz.yaml"));
    }

    /// <summary>
    /// TraceReader.Parse: a trace or an error, never an exception; an accepted trace's lines are exactly
    /// the input's lines.
    /// </summary>
    private static void Trace(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        TraceReadResult result = TraceReader.Parse(bytes, "fuzz.jsonl");
        Check(result.Succeeded != (result.Error is not null), "a trace read both succeeded and failed, or neither");
        if (!result.Succeeded) return;
        string lines = string.Concat(result.Trace!.Lines.Select(line => line + "\n"));
        Check(Encoding.UTF8.GetBytes(lines).AsSpan().SequenceEqual(bytes), "an accepted trace's lines differ from its bytes");
    }

    private static void CheckScenario(ScenarioLoadResult result)
    {
        Check(result.Succeeded != (result.Error is not null), "a scenario load both succeeded and failed, or neither");
        if (result.Error is { } error) Check(error.Line >= 0 && error.Column >= 0, $"an error at a negative position: {error}");
    }

    private static void CheckSerialisation(PartitionTracker tracker)
    {
        byte[] bytes = Serialise(tracker);
        Check(PartitionTracker.TryReadFrom(bytes, out PartitionTracker? restored), "a tracker's own serialisation is refused");
        Check(Serialise(restored!).AsSpan().SequenceEqual(bytes), "a restored tracker serialises differently");
    }

    private static byte[] Serialise(PartitionTracker tracker)
    {
        var writer = new ArrayBufferWriter<byte>();
        tracker.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes a decoded record again, field by field, as a producer would hand it over.</summary>
    internal static byte[] Encode(in VeniceRecord record)
    {
        var writer = new ArrayBufferWriter<byte>();
        LeaderMetadata? leader = record.HasLeaderMetadata ? record.Leader : null;
        byte[] key = record.Key.ToArray();
        byte[] value = record.Value.ToArray();
        switch (record.Type)
        {
            case MessageType.Put: RecordCodec.EncodePut(writer, record.Producer, leader, key, value); break;
            case MessageType.Delete: RecordCodec.EncodeDelete(writer, record.Producer, leader, key); break;
            case MessageType.Update: RecordCodec.EncodeUpdate(writer, record.Producer, leader, key, value); break;
            default:
                RecordCodec.EncodeControl(writer, record.Producer, leader, new ControlPayload(
                    record.ControlType, record.ChecksumType, record.Checksum.ToArray(), record.FinalSegment,
                    record.TopicSwitchSourceTopic, record.RewindStartTimestampMs));
                break;
        }
        return writer.WrittenSpan.ToArray();
    }

    private static void Check(bool holds, string finding)
    {
        if (!holds) throw new FuzzFindingException(finding);
    }
}
