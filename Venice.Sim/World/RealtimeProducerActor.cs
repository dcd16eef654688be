using Venice.Core;
using Venice.Core.Environment;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Partitioning;
using Venice.Core.Producer;
using Venice.Sim.InMemory;
using Venice.Sim.Model;

namespace Venice.Sim.World;

/// <summary>
/// A nearline producer writing a hybrid store's real-time topic at a steady rate (scenario
/// store.realtime): record i is due at i × 1000 / ratePerSecond ms. Each step writes the records due,
/// at most a bounded batch; between records the actor sleeps until the next one is due, so virtual
/// time jumps. Records (PUTs and DELETEs) come from the store's real-time workload; the built-in one
/// shares the push job's key space, so real-time writes overwrite and delete batch data.
/// </summary>
public sealed class RealtimeProducerActor : ISimActor
{
    /// <summary>Records written in one step at most.</summary>
    public const int MaxRecordsPerStep = 100;

    /// <summary>The name of a world's only real-time producer; with several stores each is <c>rt-producer-{store}</c>.</summary>
    public const string SingleStoreName = "rt-producer";

    private readonly StoreVersion version;
    private readonly int partitionCount;
    private long records;
    private readonly int ratePerSecond;
    private readonly IClock clock;
    private readonly IReadOnlyList<ReferenceModel> references;
    private readonly IWritePathObserver observer;
    private readonly VeniceWriter writer;
    private readonly IWorkloadCursor cursor;
    private WorkloadRecord? pending;
    private long written;
    private bool closed;

    /// <param name="references">The reference models of the store's versions: every acknowledged real-time write belongs to each of them.</param>
    /// <param name="defects">Seeded defects its writer honours (failed-send-reuses-sequence).</param>
    public RealtimeProducerActor(string name, StoreVersion version, int partitionCount, IWorkload workload,
        ILog log, IClock clock, SeededRandom random, ChecksumType checksum, IReadOnlyList<ReferenceModel> references, IWritePathObserver observer,
        Venice.Core.Defects.SeededDefects? defects = null)
    {
        Name = name;
        this.version = version;
        this.partitionCount = partitionCount;
        records = workload.Records;
        ratePerSecond = Math.Max(1, workload.RatePerSecond ?? 1);
        this.clock = clock;
        this.references = references;
        this.observer = observer;
        writer = new VeniceWriter(log, version.RealTimeTopic, random.NextProducerGuid(), checksum, clock, defects: defects);
        cursor = workload.Start(new WorkloadStart(random, version.Store, RealTime: true));
    }

    public string Name { get; }

    private long DueAtMs(long index) => index * 1000 / ratePerSecond;

    public bool HasWork => (written < records && DueAtMs(written) <= clock.NowMs) || (written >= records && !closed);

    public long? NextDeadlineMs => written < records ? DueAtMs(written) : null;

    public bool Finished => closed;

    /// <summary>Records written and whether the segment is closed, for the exhaustive mode's state digest.</summary>
    internal (long Written, bool Closed) Progress => (written, closed);

    public bool Step()
    {
        if (written >= records) return Close();
        long first = written;
        for (int n = 0; n < MaxRecordsPerStep && written < records && DueAtMs(written) <= clock.NowMs; n++)
        {
            // A record not acknowledged stays pending and is retried as is; only then is the next one drawn.
            if (pending is null)
            {
                if (!cursor.TryNext(out var next))
                {
                    // The stream ended before its bound (a user's workload): what was written is all there is.
                    records = written;
                    break;
                }
                pending = next;
            }
            var record = pending.Value;
            var key = record.Key.Span;
            int partition = VenicePartitioner.PartitionFor(key, partitionCount);
            var result = record.Kind switch
            {
                WriteKind.Put => writer.Put(partition, key, record.Value.Span),
                WriteKind.Delete => writer.Delete(partition, key),
                _ => writer.Update(partition, key, record.Value.Span),
            };
            if (!result.Succeeded)
            {
                // Not acknowledged: the nearline producer retries the same record in a later step.
                observer.Note(Name, "rt-produce-failed", $"record {written}: {result.Status}");
                break;
            }
            foreach (var reference in references)
            {
                switch (record.Kind)
                {
                    case WriteKind.Delete: reference.RecordRealtimeDelete(partition, key); break;
                    case WriteKind.Update: reference.RecordRealtimeUpdate(partition, key, record.Value.Span); break;
                    default: reference.RecordRealtimePut(partition, key, record.Value.Span); break;
                }
            }
            pending = null;
            written++;
        }
        if (written > first) observer.Note(Name, "rt-batch", $"records [{first}, {written})");
        else if (written >= records) return Close();
        return written > first;
    }

    private bool Close()
    {
        if (closed) return false;
        writer.Close();
        closed = true;
        observer.Note(Name, "rt-closed", $"{version.RealTimeTopic} records={written}");
        return true;
    }
}
