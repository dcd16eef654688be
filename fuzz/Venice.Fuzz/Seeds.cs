using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Core.Validation;
using Venice.Sim.Tracing;

namespace Venice.Fuzz;

/// <summary>
/// Writes the checked-in seed corpus (fuzz/corpus/&lt;target&gt;/). Seeds are built from the codecs
/// themselves, so they are valid inputs the fuzzer mutates from, and can be rebuilt when a format changes.
/// The scenario seeds are copies of scenario files and are not written here.
/// </summary>
internal static class Seeds
{
    private static readonly ProducerMetadata Producer =
        new(new ProducerGuid(0x0123456789abcdefUL, 0xfedcba9876543210UL), Segment: 0, Sequence: 0, TimestampMs: 1_700_000_000_123);

    private static readonly LeaderMetadata Leader = new(HostId: 2, UpstreamOffset: 9_876, Term: 7);

    public static void WriteAll(string corpus)
    {
        Write(corpus, "record", Records());
        Write(corpus, "tracker", TrackerInputs());
        Write(corpus, "offset", OffsetRecords());
        Write(corpus, "trace", TraceFiles());
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Records()
    {
        foreach (LeaderMetadata? leader in new LeaderMetadata?[] { null, Leader })
        {
            string suffix = leader is null ? "" : "-leader";
            yield return ($"put{suffix}", Encode(w => RecordCodec.EncodePut(w, Producer, leader, "user-17"u8, "{\"name\":\"Ada\"}"u8)));
            yield return ($"delete{suffix}", Encode(w => RecordCodec.EncodeDelete(w, Producer, leader, "user-17"u8)));
            yield return ($"update{suffix}", Encode(w => RecordCodec.EncodeUpdate(w, Producer, leader, "user-17"u8, PartialUpdate.Encode(9, "Bob"u8))));
            foreach (var (name, control) in Controls())
            {
                yield return ($"{name}{suffix}", Encode(w => RecordCodec.EncodeControl(w, Producer, leader, control)));
            }
        }
    }

    private static IEnumerable<(string Name, ControlPayload Control)> Controls()
    {
        yield return ("start-of-push", ControlPayload.StartOfPush());
        yield return ("end-of-push", ControlPayload.EndOfPush());
        yield return ("declaration-of-leadership", ControlPayload.DeclarationOfLeadership());
        yield return ("start-of-segment", ControlPayload.StartOfSegment(ChecksumType.AdHash));
        yield return ("end-of-segment", ControlPayload.EndOfSegment(ChecksumType.Md5, [.. Enumerable.Range(1, 16).Select(i => (byte)i)], final: true));
        yield return ("topic-switch", ControlPayload.TopicSwitch("orders_rt", 1_699_913_600_000));
    }

    /// <summary>Framed record series: one producer's whole segment per checksum type, and two interleaved producers.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> TrackerInputs()
    {
        foreach (ChecksumType type in new[] { ChecksumType.None, ChecksumType.Md5, ChecksumType.Crc32, ChecksumType.AdHash })
        {
            yield return ($"segment-{type.ToString().ToLowerInvariant()}", Frame(Segment(Producer.Guid, type, open: false)));
        }
        var other = new ProducerGuid(1, 5);
        yield return ("two-producers-open", Frame(Segment(Producer.Guid, ChecksumType.AdHash, open: true)
            .Zip(Segment(other, ChecksumType.Md5, open: true), (a, b) => new[] { a, b }).SelectMany(pair => pair)));
        var tracker = new PartitionTracker();
        foreach (byte[] record in Segment(other, ChecksumType.AdHash, open: true))
        {
            RecordCodec.TryDecode(new ReadOnlySequence<byte>(record), out VeniceRecord decoded);
            tracker.Validate(decoded);
        }
        var writer = new ArrayBufferWriter<byte>();
        tracker.WriteTo(writer);
        yield return ("serialised-state", writer.WrittenSpan.ToArray());
    }

    private static IEnumerable<byte[]> Segment(ProducerGuid guid, ChecksumType type, bool open)
    {
        ProducerMetadata At(int sequence) => Producer with { Guid = guid, Sequence = sequence };
        yield return Encode(w => RecordCodec.EncodeControl(w, At(0), null, ControlPayload.StartOfSegment(type)));
        SegmentChecksums.TryCreate(type, out ISegmentChecksum? checksum);
        (MessageType Type, byte[] Key, byte[] Value)[] data =
        [
            (MessageType.Put, "a"u8.ToArray(), "1"u8.ToArray()),
            (MessageType.Delete, "b"u8.ToArray(), []),
            (MessageType.Update, "a"u8.ToArray(), PartialUpdate.Encode(1, "x"u8)),
        ];
        for (int i = 0; i < data.Length; i++)
        {
            var (recordType, key, value) = data[i];
            checksum?.UpdateRecord(recordType, key, value);
            ProducerMetadata producer = At(i + 1);
            yield return Encode(w =>
            {
                switch (recordType)
                {
                    case MessageType.Put: RecordCodec.EncodePut(w, producer, null, key, value); break;
                    case MessageType.Delete: RecordCodec.EncodeDelete(w, producer, null, key); break;
                    default: RecordCodec.EncodeUpdate(w, producer, null, key, value); break;
                }
            });
        }
        if (open) yield break;
        byte[] sum = checksum?.Finish() ?? [];
        yield return Encode(w => RecordCodec.EncodeControl(w, At(data.Length + 1), null, ControlPayload.EndOfSegment(type, sum, final: true)));
    }

    private static IEnumerable<(string Name, byte[] Bytes)> OffsetRecords()
    {
        yield return ("empty", OffsetRecord.Empty.Encode());
        yield return ("leader", new OffsetRecord(1_234, true, true, 567, "orders_rt", 2, [1, 2, 3, 4])
        {
            RewindStartTimestampMs = 1_699_913_600_000,
            ReadyToServe = true,
            OffsetLag = 12,
        }.Encode());
    }

    private static IEnumerable<(string Name, byte[] Bytes)> TraceFiles()
    {
        var header = new TraceHeader(TraceHeader.CurrentFormatVersion, "leader-crash-mid-push", 7, ["promote-without-wait"], [new("checksum", "adhash")])
        {
            ScenarioPath = "scenarios/fast/leader-crash-mid-push.yaml",
        };
        TraceEvent[] events =
        [
            new(1, 0, "controller", "push-started", "version 1"),
            new(2, 5, "server-0", "became-leader", "partition 0 \"quoted\" é"),
            new(3, 4000, "faults", "crash", "server-1"),
        ];
        yield return ("header-only", WriteTrace(header, []));
        yield return ("three-events", WriteTrace(header, events));
    }

    private static byte[] WriteTrace(TraceHeader header, TraceEvent[] events)
    {
        var stream = new MemoryStream();
        using (var writer = new JsonLinesTraceWriter(stream, leaveOpen: true))
        {
            writer.WriteHeader(header);
            foreach (TraceEvent traceEvent in events) writer.Write(traceEvent);
        }
        return stream.ToArray();
    }

    /// <summary>The tracker target's input: each record behind its uint16 length.</summary>
    private static byte[] Frame(IEnumerable<byte[]> records)
    {
        var output = new List<byte>();
        Span<byte> length = stackalloc byte[2];
        foreach (byte[] record in records)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)record.Length);
            output.AddRange(length);
            output.AddRange(record);
        }
        return [.. output];
    }

    private static byte[] Encode(Action<ArrayBufferWriter<byte>> encode)
    {
        var writer = new ArrayBufferWriter<byte>();
        encode(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static void Write(string corpus, string target, IEnumerable<(string Name, byte[] Bytes)> seeds)
    {
        string folder = Path.Combine(corpus, target);
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in seeds) File.WriteAllBytes(Path.Combine(folder, name), bytes);
    }
}
