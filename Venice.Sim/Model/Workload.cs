using Venice.Core.Environment;

namespace Venice.Sim.Model;

/// <summary>What a workload record asks the store to do.</summary>
public enum WriteKind
{
    /// <summary>Write the whole value of a key.</summary>
    Put,

    /// <summary>Remove a key.</summary>
    Delete,

    /// <summary>
    /// A partial update (Venice's UPDATE / write compute): the payload overwrites part of the key's
    /// current value. Real-time only, as in Venice: the leader applies it to the value it holds and writes
    /// the result to the version topic as a PUT.
    /// </summary>
    Update,
}

/// <summary>
/// One record of a workload. <see cref="Key"/> and <see cref="Value"/> may point into buffers the cursor
/// reuses: they are valid until the next <see cref="IWorkloadCursor.TryNext"/>. A DELETE has an empty value.
/// </summary>
public readonly record struct WorkloadRecord(WriteKind Kind, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value);

/// <summary>Where a workload starts: the seeded randomness it must draw from (never its own), and which push or real-time stream it feeds.</summary>
/// <param name="Random">The world's seeded stream forked for this workload: same seed, same records.</param>
/// <param name="Store">The store written to.</param>
/// <param name="RealTime">True for the real-time stream of a hybrid store, false for a batch push.</param>
public sealed record WorkloadStart(IRandomSource Random, string Store, bool RealTime);

/// <summary>Hands out a workload's records in order.</summary>
public interface IWorkloadCursor
{
    /// <summary>The next record, or false when the workload is exhausted.</summary>
    bool TryNext(out WorkloadRecord record);
}

/// <summary>
/// A stream of key/value writes: a batch push's records or a hybrid store's real-time writes. The
/// built-in <see cref="Workload"/> covers counts, key spaces, value sizes, rates and PUT/DELETE/UPDATE
/// mixes; implement this for your own stream. Must be deterministic given <see cref="WorkloadStart.Random"/>.
/// </summary>
public interface IWorkload
{
    /// <summary>How many records the workload writes in all (a bound: a cursor may end sooner).</summary>
    long Records { get; }

    /// <summary>Real-time workloads: records per second of sim time; null for a batch push (as fast as the push job goes).</summary>
    int? RatePerSecond { get; }

    /// <summary>A one-line description for traces and reports.</summary>
    string Describe();

    /// <summary>Starts one pass over the records.</summary>
    IWorkloadCursor Start(WorkloadStart start);
}

/// <summary>How long values are: uniform in [<see cref="MinBytes"/>, <see cref="MaxBytes"/>].</summary>
public sealed record ValueSize
{
    /// <summary>The largest value a built-in workload writes (1 MiB, Venice's default max record size before chunking).</summary>
    public const int MaxValueBytes = 1 << 20;

    /// <summary>Values of <paramref name="minBytes"/> to <paramref name="maxBytes"/> bytes, inclusive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound outside 0..<see cref="MaxValueBytes"/>, or max below min.</exception>
    public ValueSize(int minBytes, int maxBytes)
    {
        if (minBytes is < 0 or > MaxValueBytes) throw new ArgumentOutOfRangeException(nameof(minBytes), minBytes, $"must be within 0..{MaxValueBytes}");
        if (maxBytes < minBytes || maxBytes > MaxValueBytes) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, $"must be within {minBytes}..{MaxValueBytes}");
        MinBytes = minBytes;
        MaxBytes = maxBytes;
    }

    /// <summary>Smallest value length.</summary>
    public int MinBytes { get; }

    /// <summary>Largest value length.</summary>
    public int MaxBytes { get; }

    /// <summary>Every value exactly <paramref name="bytes"/> long.</summary>
    public static ValueSize Fixed(int bytes) => new(bytes, bytes);

    /// <summary>Value lengths uniform in [min, max].</summary>
    public static ValueSize Uniform(int minBytes, int maxBytes) => new(minBytes, maxBytes);
}

/// <summary>Relative weights of PUT, DELETE and UPDATE records in a workload.</summary>
public sealed record OperationMix
{
    /// <summary>Weights, each >= 0, summing to more than 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative weight, or all zero.</exception>
    public OperationMix(int puts, int deletes, int updates)
    {
        if (puts < 0) throw new ArgumentOutOfRangeException(nameof(puts), puts, "must be >= 0");
        if (deletes < 0) throw new ArgumentOutOfRangeException(nameof(deletes), deletes, "must be >= 0");
        if (updates < 0) throw new ArgumentOutOfRangeException(nameof(updates), updates, "must be >= 0");
        if (puts + deletes + updates == 0) throw new ArgumentOutOfRangeException(nameof(puts), "the weights must not all be zero");
        Puts = puts;
        Deletes = deletes;
        Updates = updates;
    }

    /// <summary>Weight of PUTs.</summary>
    public int Puts { get; }

    /// <summary>Weight of DELETEs.</summary>
    public int Deletes { get; }

    /// <summary>Weight of UPDATEs (real-time workloads only).</summary>
    public int Updates { get; }

    /// <summary>Only PUTs.</summary>
    public static OperationMix PutsOnly { get; } = new(1, 0, 0);
}

/// <summary>
/// The built-in workload: <see cref="Records"/> writes over a key space of <see cref="Keys"/> keys, values
/// of <see cref="ValueSize"/>, PUT/DELETE/UPDATE in the proportions of <see cref="Mix"/>, at
/// <see cref="RatePerSecond"/> for real-time streams. Values are seeded random bytes stamped with the
/// record number, so every write is distinct.
/// </summary>
public sealed record Workload : IWorkload
{
    /// <summary>The most records one built-in workload may write.</summary>
    public const long MaxRecords = 100_000_000;

    /// <summary>The largest key space.</summary>
    public const int MaxKeys = 100_000_000;

    private readonly long records = 1000;
    private readonly int keys = 1000;
    private readonly ValueSize valueSize = ValueSize.Fixed(100);
    private readonly int? ratePerSecond;
    private readonly OperationMix mix = OperationMix.PutsOnly;

    /// <summary>Records written in all (0..<see cref="MaxRecords"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..<see cref="MaxRecords"/> (names <c>Records</c>).</exception>
    public long Records
    {
        get => records;
        init => records = value is < 0 or > MaxRecords
            ? throw new ArgumentOutOfRangeException(nameof(Records), value, $"Records must be within 0..{MaxRecords}")
            : value;
    }

    /// <summary>Distinct keys (1..<see cref="MaxKeys"/>); record i writes key i mod Keys.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 1..<see cref="MaxKeys"/> (names <c>Keys</c>).</exception>
    public int Keys
    {
        get => keys;
        init => keys = value is < 1 or > MaxKeys
            ? throw new ArgumentOutOfRangeException(nameof(Keys), value, $"Keys must be within 1..{MaxKeys}")
            : value;
    }

    /// <summary>Value lengths.</summary>
    public ValueSize ValueSize
    {
        get => valueSize;
        init => valueSize = value ?? throw new ArgumentNullException(nameof(ValueSize));
    }

    /// <summary>Real-time only: records per second of sim time; null for a batch push.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not null and not positive (names <c>RatePerSecond</c>).</exception>
    public int? RatePerSecond
    {
        get => ratePerSecond;
        init => ratePerSecond = value is <= 0
            ? throw new ArgumentOutOfRangeException(nameof(RatePerSecond), value, "RatePerSecond must be > 0 (or null for a batch push)")
            : value;
    }

    /// <summary>PUT/DELETE/UPDATE proportions.</summary>
    public OperationMix Mix
    {
        get => mix;
        init => mix = value ?? throw new ArgumentNullException(nameof(Mix));
    }

    /// <summary>A PUT-only workload.</summary>
    public static Workload Puts(long records, int keys, int valueBytes) =>
        new() { Records = records, Keys = keys, ValueSize = ValueSize.Fixed(valueBytes) };

    /// <summary>A real-time PUT-only workload at <paramref name="ratePerSecond"/>.</summary>
    public static Workload RealTime(long records, int keys, int valueBytes, int ratePerSecond) =>
        Puts(records, keys, valueBytes) with { RatePerSecond = ratePerSecond };

    /// <inheritdoc />
    public string Describe() =>
        $"records={Records} keys={Keys} valueBytes={ValueSize.MinBytes}..{ValueSize.MaxBytes} mix=put:{Mix.Puts},delete:{Mix.Deletes},update:{Mix.Updates}" +
        (RatePerSecond is { } rate ? $" rate={rate}/s" : "");

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The mix asks for UPDATEs in a batch push (UPDATE is real-time only, as in Venice; the world refuses such a workload when it is built).</exception>
    public IWorkloadCursor Start(WorkloadStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (Mix.Updates > 0 && !start.RealTime) throw new ArgumentException(UpdateIsRealTimeOnly, nameof(start));
        return new WorkloadCursor(this, start);
    }

    /// <summary>Why a batch push with UPDATEs is refused: a batch push writes whole values; partial updates reach a store through its real-time topic, where the leader applies them.</summary>
    internal const string UpdateIsRealTimeOnly =
        "UPDATE (partial update) records are real-time only, as in Venice: a batch push writes whole values; use Updates = 0 in a push workload";

    /// <summary>
    /// Record i: key <c>key-{i mod Keys:D8}</c>; the operation drawn by the mix's weights; a PUT's value of a
    /// length drawn from <see cref="ValueSize"/>, filled from the seeded stream and stamped with the record
    /// number (negated for real-time records, so a real-time value never equals a batch value by chance).
    /// A draw is made only when there is a choice (one operation kind, one value length: no draw), so a
    /// PUT-only fixed-size workload draws exactly the value bytes and nothing else.
    /// </summary>
    private sealed class WorkloadCursor : IWorkloadCursor
    {
        private readonly Workload workload;
        private readonly IRandomSource random;
        private readonly bool realTime;
        private readonly byte[] keyBuffer = new byte[32];
        private readonly byte[] valueBuffer;
        private long next;

        public WorkloadCursor(Workload workload, WorkloadStart start)
        {
            this.workload = workload;
            random = start.Random;
            realTime = start.RealTime;
            valueBuffer = new byte[Math.Max(8, workload.ValueSize.MaxBytes)];
        }

        public bool TryNext(out WorkloadRecord record)
        {
            if (next >= workload.Records)
            {
                record = default;
                return false;
            }
            long index = next++;
            var key = KeyOf(index % workload.Keys);
            var kind = NextKind();
            if (kind == WriteKind.Delete)
            {
                record = new WorkloadRecord(WriteKind.Delete, key, ReadOnlyMemory<byte>.Empty);
                return true;
            }
            int length = NextLength();
            if (kind == WriteKind.Update)
            {
                // A partial update: a few bytes (a quarter of a value, at least one) at an offset within the value size.
                int bytes = Math.Max(1, length / 4);
                int offset = random.NextInt(Math.Max(1, workload.ValueSize.MaxBytes - bytes + 1));
                GeneratedValue.Fill(valueBuffer.AsSpan(0, bytes), random, unchecked(-1 - (int)index));
                record = new WorkloadRecord(WriteKind.Update, key, Venice.Core.Messages.PartialUpdate.Encode(offset, valueBuffer.AsSpan(0, bytes)));
                return true;
            }
            // The stamp wraps for workloads past int.MaxValue records; distinctness then rests on the random bytes.
            int stamp = unchecked(realTime ? -1 - (int)index : (int)index);
            GeneratedValue.Fill(valueBuffer.AsSpan(0, length), random, stamp);
            record = new WorkloadRecord(WriteKind.Put, key, valueBuffer.AsMemory(0, length));
            return true;
        }

        private ReadOnlyMemory<byte> KeyOf(long keyIndex)
        {
            int length = System.Text.Encoding.ASCII.GetBytes($"key-{keyIndex:D8}", keyBuffer);
            return keyBuffer.AsMemory(0, length);
        }

        private WriteKind NextKind()
        {
            var m = workload.Mix;
            // No draw when there is no choice, so PUT-only (and PUT/DELETE) streams draw what they always drew.
            if (m.Updates == 0)
            {
                if (m.Deletes == 0) return WriteKind.Put;
                if (m.Puts == 0) return WriteKind.Delete;
                return random.NextInt(m.Puts + m.Deletes) < m.Puts ? WriteKind.Put : WriteKind.Delete;
            }
            int draw = random.NextInt(m.Puts + m.Deletes + m.Updates);
            return draw < m.Puts ? WriteKind.Put : draw < m.Puts + m.Deletes ? WriteKind.Delete : WriteKind.Update;
        }

        private int NextLength()
        {
            var size = workload.ValueSize;
            return size.MinBytes == size.MaxBytes ? size.MinBytes : size.MinBytes + random.NextInt(size.MaxBytes - size.MinBytes + 1);
        }
    }
}
