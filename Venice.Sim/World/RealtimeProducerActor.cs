using System.Text;
using Venice.Core;
using Venice.Core.Environment;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Partitioning;
using Venice.Core.Producer;
using Venice.Sim.InMemory;

namespace Venice.Sim.World;

/// <summary>
/// A nearline producer writing a hybrid store's real-time topic at a steady rate (scenario
/// store.realtime): record i is due at i × 1000 / ratePerSecond ms. Each step writes the records due,
/// at most a bounded batch; between records the actor sleeps until the next one is due, so virtual
/// time jumps. Keys share the push job's key space, so real-time writes overwrite batch data.
/// </summary>
public sealed class RealtimeProducerActor : ISimActor
{
    /// <summary>Records written in one step at most.</summary>
    public const int MaxRecordsPerStep = 100;

    private readonly StoreVersion version;
    private readonly int partitionCount;
    private readonly int records;
    private readonly int keys;
    private readonly int valueBytes;
    private readonly int ratePerSecond;
    private readonly IClock clock;
    private readonly SeededRandom random;
    private readonly ReferenceModel reference;
    private readonly IWritePathObserver observer;
    private readonly VeniceWriter writer;
    private readonly byte[] keyBuffer = new byte[32];
    private readonly byte[] valueBuffer;
    private int written;
    private bool closed;

    public RealtimeProducerActor(StoreVersion version, int partitionCount, int records, int ratePerSecond, int keys, int valueBytes,
        ILog log, IClock clock, SeededRandom random, ChecksumType checksum, ReferenceModel reference, IWritePathObserver observer)
    {
        this.version = version;
        this.partitionCount = partitionCount;
        this.records = records;
        this.ratePerSecond = Math.Max(1, ratePerSecond);
        this.keys = Math.Max(1, keys);
        this.valueBytes = valueBytes;
        this.clock = clock;
        this.random = random;
        this.reference = reference;
        this.observer = observer;
        valueBuffer = new byte[Math.Max(8, valueBytes)];
        writer = new VeniceWriter(log, version.RealTimeTopic, random.NextProducerGuid(), checksum, clock);
    }

    public string Name => "rt-producer";

    private long DueAtMs(int index) => (long)index * 1000 / ratePerSecond;

    public bool HasWork => (written < records && DueAtMs(written) <= clock.NowMs) || (written >= records && !closed);

    public long? NextDeadlineMs => written < records ? DueAtMs(written) : null;

    public bool Finished => closed;

    public bool Step()
    {
        if (written >= records)
        {
            if (closed) return false;
            writer.Close();
            closed = true;
            observer.Note(Name, "rt-closed", $"{version.RealTimeTopic} records={written}");
            return true;
        }
        int first = written;
        for (int n = 0; n < MaxRecordsPerStep && written < records && DueAtMs(written) <= clock.NowMs; n++)
        {
            int length = Encoding.ASCII.GetBytes($"key-{written % keys:D8}", keyBuffer);
            var key = keyBuffer.AsSpan(0, length);
            var value = NextValue(written);
            int partition = VenicePartitioner.PartitionFor(key, partitionCount);
            var result = writer.Put(partition, key, value);
            if (!result.Succeeded)
            {
                // Not acknowledged: the nearline producer retries the same record in a later step.
                observer.Note(Name, "rt-produce-failed", $"record {written}: {result.Status}");
                break;
            }
            reference.RecordRealtimePut(partition, key, value);
            written++;
        }
        if (written > first) observer.Note(Name, "rt-batch", $"records [{first}, {written})");
        return written > first;
    }

    // Stamped negative so a real-time value never equals a batch value by chance.
    private ReadOnlySpan<byte> NextValue(int recordIndex) =>
        GeneratedValue.Fill(valueBuffer.AsSpan(0, valueBytes), random, -1 - recordIndex);
}
