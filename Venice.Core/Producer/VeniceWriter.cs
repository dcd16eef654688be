using System.Buffers;
using Venice.Core.Environment;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Core.Producer;

/// <summary>
/// Venice's VeniceWriter: writes PUT, DELETE, UPDATE and control records to one topic as one producer GUID,
/// framing each partition's records in segments that a validator can check (docs/venice-write-path.md §4).
/// </summary>
/// <remarks>
/// <para>Each partition has one segment at a time: its first record is preceded by START_OF_SEGMENT at
/// sequence 0, every later record takes the next sequence number, and <see cref="EndSegment"/> sends
/// END_OF_SEGMENT with the checksum of the segment's data records. The next segment is numbered
/// previous + 1. (Venice also rotates a segment after 5 minutes; the simulator's pushes are short
/// enough not to need it.)</para>
/// <para>Failures. A failed produce is retried with the very same bytes, so if an earlier attempt had
/// in fact landed, the log holds the record twice and DIV must classify the copy a duplicate. A data or
/// control record that still fails has used its sequence number and its place in the checksum anyway:
/// it may have landed, and reusing the number for a different record would make a validator drop that
/// record as a duplicate. If it did not land, the validator reports the gap, which is the truth. A
/// START_OF_SEGMENT that fails leaves the segment unopened and the record behind it unsent; the next
/// write sends the same START_OF_SEGMENT again.</para>
/// <para>One buffer is reused for every record, so writing allocates nothing beyond what
/// <see cref="ILog.Produce"/> copies (and one checksum object per segment).</para>
/// </remarks>
public sealed class VeniceWriter
{
    /// <summary>How many times one record is handed to the log before the writer gives up on it.</summary>
    public const int MaxProduceAttempts = 3;

    /// <summary>The result of an operation that had nothing to produce (ending a partition with no open segment).</summary>
    public static readonly ProduceResult NothingProduced = ProduceResult.Ok(-1);

    private const int InitialBufferBytes = 256;

    private readonly ILog log;
    private readonly IClock clock;
    private readonly ArrayBufferWriter<byte> buffer = new(InitialBufferBytes);
    // Looked up per record, so a Dictionary (SortedDictionary allocates on lookup); Close walks it in
    // partition order, never in hash order.
    private readonly Dictionary<int, PartitionSegment> segments = new();
    private bool closed;
    private readonly bool reuseFailedSequences;

    /// <param name="defects">Seeded defects (docs/defects.md); the writer honours <c>failed-send-reuses-sequence</c>.</param>
    /// <exception cref="ArgumentException">The checksum type is ADLER32 (deprecated: Venice never writes it) or unknown.</exception>
    public VeniceWriter(
        ILog log, string topic, ProducerGuid guid, ChecksumType checksumType, IClock clock,
        LeaderMetadata? leaderMetadata = null, Defects.SeededDefects? defects = null)
    {
        reuseFailedSequences = defects?.FailedSendReusesSequence == true;
        if (!SegmentChecksums.TryCreate(checksumType, out _))
        {
            throw new ArgumentException($"A producer cannot write {checksumType} checksums.", nameof(checksumType));
        }
        this.log = log;
        this.clock = clock;
        Topic = topic;
        Guid = guid;
        ChecksumType = checksumType;
        LeaderMetadata = leaderMetadata;
    }

    public string Topic { get; }

    public ProducerGuid Guid { get; }

    public ChecksumType ChecksumType { get; }

    /// <summary>Stamped on every record produced from now on; null for a producer that is not a leader.</summary>
    public LeaderMetadata? LeaderMetadata { get; private set; }

    /// <summary>Lets a leader stamp each record with the upstream offset it was consumed from.</summary>
    public void SetLeaderMetadata(LeaderMetadata? leader) => LeaderMetadata = leader;

    public bool HasOpenSegment(int partition) =>
        segments.TryGetValue(partition, out PartitionSegment? segment) && segment.IsOpen;

    public ProduceResult Put(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        PartitionSegment segment = OpenSegmentFor(partition, out ProduceResult failure);
        if (!segment.IsOpen) return failure;
        ProducerMetadata metadata = NextMetadata(segment);
        segment.Checksum.UpdateRecord(MessageType.Put, key, value);
        buffer.ResetWrittenCount();
        RecordCodec.EncodePut(buffer, metadata, LeaderMetadata, key, value);
        ProduceResult result = Produce(partition);
        if (!result.Succeeded && reuseFailedSequences) segment.GiveBackSequence(); // DEFECT failed-send-reuses-sequence
        return result;
    }

    public ProduceResult Delete(int partition, ReadOnlySpan<byte> key)
    {
        PartitionSegment segment = OpenSegmentFor(partition, out ProduceResult failure);
        if (!segment.IsOpen) return failure;
        ProducerMetadata metadata = NextMetadata(segment);
        segment.Checksum.UpdateRecord(MessageType.Delete, key, []);
        buffer.ResetWrittenCount();
        RecordCodec.EncodeDelete(buffer, metadata, LeaderMetadata, key);
        return Produce(partition);
    }

    /// <summary>
    /// A partial update of <paramref name="key"/>, for a real-time topic: <paramref name="payload"/> is in
    /// <see cref="PartialUpdate"/>'s layout (build it with <see cref="PartialUpdate.Encode"/>). Checksummed
    /// like a PUT, with the payload in place of the value. Only a leader may turn it into a value; one
    /// written straight to a version topic errors the replicas that read it (docs/write-path.md, "UPDATE").
    /// </summary>
    /// <exception cref="ArgumentException">The payload is not a well-formed partial update.</exception>
    public ProduceResult Update(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        // Checked before the segment is opened or a sequence number is spent: a caller's mistake must
        // not leave a gap in the segment.
        if (!PartialUpdate.IsWellFormed(payload))
        {
            throw new ArgumentException("Not a well-formed partial update payload.", nameof(payload));
        }
        PartitionSegment segment = OpenSegmentFor(partition, out ProduceResult failure);
        if (!segment.IsOpen) return failure;
        ProducerMetadata metadata = NextMetadata(segment);
        segment.Checksum.UpdateRecord(MessageType.Update, key, payload);
        buffer.ResetWrittenCount();
        RecordCodec.EncodeUpdate(buffer, metadata, LeaderMetadata, key, payload);
        return Produce(partition);
    }

    /// <summary>Sends START_OF_PUSH, END_OF_PUSH or TOPIC_SWITCH inside the partition's segment.</summary>
    /// <exception cref="ArgumentException">A segment control message: segments are the writer's business.</exception>
    public ProduceResult SendControl(int partition, in ControlPayload payload)
    {
        if (payload.Type is ControlMessageType.StartOfSegment or ControlMessageType.EndOfSegment)
        {
            throw new ArgumentException(
                "Segments are opened by the writer and ended with EndSegment, not sent directly.", nameof(payload));
        }
        PartitionSegment segment = OpenSegmentFor(partition, out ProduceResult failure);
        if (!segment.IsOpen) return failure;
        ProducerMetadata metadata = NextMetadata(segment);
        buffer.ResetWrittenCount();
        RecordCodec.EncodeControl(buffer, metadata, LeaderMetadata, payload);
        return Produce(partition);
    }

    /// <summary>
    /// Sends END_OF_SEGMENT with the segment's checksum; the next record opens segment + 1.
    /// <see cref="NothingProduced"/> when the partition has no open segment.
    /// </summary>
    public ProduceResult EndSegment(int partition, bool finalSegment)
    {
        EnsureNotClosed();
        if (!segments.TryGetValue(partition, out PartitionSegment? segment) || !segment.IsOpen)
        {
            return NothingProduced;
        }
        ProducerMetadata metadata = NextMetadata(segment);
        var payload = ControlPayload.EndOfSegment(ChecksumType, segment.Checksum.Finish(), finalSegment);
        segment.End();
        buffer.ResetWrittenCount();
        RecordCodec.EncodeControl(buffer, metadata, LeaderMetadata, payload);
        return Produce(partition);
    }

    /// <summary>START_OF_PUSH on partitions 0 to <paramref name="partitionCount"/> - 1; the first failure, else the last success.</summary>
    public ProduceResult BroadcastStartOfPush(int partitionCount) =>
        Broadcast(partitionCount, ControlPayload.StartOfPush());

    /// <summary>END_OF_PUSH on partitions 0 to <paramref name="partitionCount"/> - 1; the first failure, else the last success.</summary>
    public ProduceResult BroadcastEndOfPush(int partitionCount) =>
        Broadcast(partitionCount, ControlPayload.EndOfPush());

    /// <summary>
    /// Ends every open segment as final, in partition order, and closes the writer (writing afterwards
    /// is a programming error). The first failure, else the last success, else <see cref="NothingProduced"/>.
    /// </summary>
    public ProduceResult Close()
    {
        EnsureNotClosed();
        var outcome = new BroadcastOutcome();
        foreach (int partition in segments.Keys.Order().ToArray())
        {
            if (segments[partition].IsOpen) outcome.Add(EndSegment(partition, finalSegment: true));
        }
        closed = true;
        return outcome.Result;
    }

    private ProduceResult Broadcast(int partitionCount, in ControlPayload payload)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        var outcome = new BroadcastOutcome();
        for (int partition = 0; partition < partitionCount; partition++)
        {
            outcome.Add(SendControl(partition, payload));
        }
        return outcome.Result;
    }

    /// <summary>The partition's segment, opened (START_OF_SEGMENT sent) unless that failed; then <paramref name="failure"/> says why.</summary>
    private PartitionSegment OpenSegmentFor(int partition, out ProduceResult failure)
    {
        EnsureNotClosed();
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        failure = NothingProduced;
        if (!segments.TryGetValue(partition, out PartitionSegment? segment))
        {
            segment = new PartitionSegment();
            segments.Add(partition, segment);
        }
        if (segment.IsOpen) return segment;

        var metadata = new ProducerMetadata(Guid, segment.Number, PartitionSegment.StartSequence, clock.NowMs);
        buffer.ResetWrittenCount();
        RecordCodec.EncodeControl(buffer, metadata, LeaderMetadata, ControlPayload.StartOfSegment(ChecksumType));
        ProduceResult result = Produce(partition);
        if (result.Succeeded)
        {
            segment.Open(NewChecksum());
        }
        else
        {
            failure = result;
        }
        return segment;
    }

    private ISegmentChecksum NewChecksum() =>
        SegmentChecksums.TryCreate(ChecksumType, out ISegmentChecksum? checksum)
            ? checksum
            : throw new InvalidOperationException($"The constructor admitted an uncomputable checksum type {ChecksumType}.");

    private ProducerMetadata NextMetadata(PartitionSegment segment) =>
        new(Guid, segment.Number, segment.NextSequence(), clock.NowMs);

    /// <summary>
    /// Venice's produce callback: called after every record this writer landed (segment control
    /// messages included) with its offset and bytes. A leader persists what it produced from here,
    /// never by re-reading its own output from the log. The bytes are valid only during the call.
    /// </summary>
    public Action<TopicPartition, long, ReadOnlyMemory<byte>>? OnProduced { get; set; }

    private ProduceResult Produce(int partition)
    {
        var destination = new TopicPartition(Topic, partition);
        ProduceResult result = ProduceResult.Failed;
        for (int attempt = 0; attempt < MaxProduceAttempts; attempt++)
        {
            result = log.Produce(destination, buffer.WrittenSpan);
            if (result.Status != ProduceStatus.Failed) break;
        }
        if (result.Succeeded) OnProduced?.Invoke(destination, result.Offset, buffer.WrittenMemory);
        return result;
    }

    private void EnsureNotClosed()
    {
        if (closed) throw new InvalidOperationException($"Producer {Guid} on {Topic} is closed.");
    }

    /// <summary>Where one partition is in its current segment.</summary>
    private sealed class PartitionSegment
    {
        public const int StartSequence = 0;

        private ISegmentChecksum? checksum;

        public int Number { get; private set; }

        public int LastSequence { get; private set; }

        public bool IsOpen { get; private set; }

        public ISegmentChecksum Checksum =>
            checksum ?? throw new InvalidOperationException("A segment that is not open has no checksum.");

        public void Open(ISegmentChecksum freshChecksum)
        {
            checksum = freshChecksum;
            LastSequence = StartSequence;
            IsOpen = true;
        }

        public int NextSequence() => ++LastSequence;

        /// <summary>DEFECT failed-send-reuses-sequence: the number a failed send used is handed out again.</summary>
        public void GiveBackSequence() => LastSequence--;

        public void End()
        {
            IsOpen = false;
            Number++;
        }
    }

    /// <summary>Folds the results of several produces: the first failure, else the last success.</summary>
    private struct BroadcastOutcome
    {
        private ProduceResult? firstFailure;
        private ProduceResult? lastSuccess;

        public void Add(ProduceResult result)
        {
            if (result.Succeeded) lastSuccess = result;
            else firstFailure ??= result;
        }

        public readonly ProduceResult Result => firstFailure ?? lastSuccess ?? NothingProduced;
    }
}
