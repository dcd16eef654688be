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
/// A batch push (Venice Push Job). A driver writer broadcasts START_OF_PUSH, data writers' records
/// follow, the data writer closes its segments (final END_OF_SEGMENT with checksum), and the driver
/// broadcasts END_OF_PUSH. In Venice the controller and VPJ split these roles; the order of what
/// lands in the VT is the same. Each step writes at most PushBatchRecords records.
/// </summary>
public sealed class PushJobActor : ISimActor
{
    private enum Stage
    {
        StartOfPush,
        Data,
        CloseData,
        EndOfPush,
        Done,
        Failed,
    }

    private readonly StoreVersion version;
    private readonly int partitionCount;
    private readonly int records;
    private readonly int keys;
    private readonly int valueBytes;
    private readonly int batchRecords;
    private readonly SeededRandom random;
    private readonly ReferenceModel reference;
    private readonly IWritePathObserver observer;
    private readonly VeniceWriter driver;
    private readonly VeniceWriter data;
    private readonly byte[] keyBuffer = new byte[32];
    private byte[] valueBuffer;
    private Stage stage = Stage.StartOfPush;
    private int written;

    public PushJobActor(StoreVersion version, int partitionCount, int records, int keys, int valueBytes,
        ILog log, IClock clock, SeededRandom random, ChecksumType checksum, int batchRecords,
        ReferenceModel reference, IWritePathObserver observer)
    {
        this.version = version;
        this.partitionCount = partitionCount;
        this.records = records;
        this.keys = Math.Max(1, keys);
        this.valueBytes = valueBytes;
        this.batchRecords = Math.Max(1, batchRecords);
        this.random = random;
        this.reference = reference;
        this.observer = observer;
        valueBuffer = new byte[Math.Max(8, valueBytes)];
        driver = new VeniceWriter(log, version.VersionTopic, random.NextProducerGuid(), checksum, clock);
        data = new VeniceWriter(log, version.VersionTopic, random.NextProducerGuid(), checksum, clock);
    }

    public string Name => "push-job";

    public bool HasWork => stage is not (Stage.Done or Stage.Failed);

    public long? NextDeadlineMs => null;

    public bool Finished => stage == Stage.Done;

    public bool FailedToWrite => stage == Stage.Failed;

    public bool Step()
    {
        switch (stage)
        {
            case Stage.StartOfPush:
                driver.BroadcastStartOfPush(partitionCount);
                observer.Note(Name, "start-of-push", $"{version} partitions={partitionCount}");
                stage = Stage.Data;
                return true;
            case Stage.Data:
                WriteBatch();
                return true;
            case Stage.CloseData:
                data.Close();
                stage = Stage.EndOfPush;
                return true;
            case Stage.EndOfPush:
                driver.BroadcastEndOfPush(partitionCount);
                driver.Close();
                observer.Note(Name, "end-of-push", $"{version} records={written}");
                stage = Stage.Done;
                return true;
            default:
                return false;
        }
    }

    private void WriteBatch()
    {
        int end = Math.Min(records, written + batchRecords);
        int first = written;
        for (; written < end; written++)
        {
            var key = KeyFor(written % keys);
            var value = ValueFor(written);
            int partition = VenicePartitioner.PartitionFor(key, partitionCount);
            var result = data.Put(partition, key, value);
            if (!result.Succeeded)
            {
                observer.Note(Name, "push-failed", $"record {written} to partition {partition}: {result.Status}");
                stage = Stage.Failed;
                return;
            }
            reference.RecordPut(partition, key, value);
        }
        observer.Note(Name, "push-batch", $"records [{first}, {end})");
        if (written >= records) stage = Stage.CloseData;
    }

    private ReadOnlySpan<byte> KeyFor(int keyIndex)
    {
        int length = Encoding.ASCII.GetBytes($"key-{keyIndex:D8}", keyBuffer);
        return keyBuffer.AsSpan(0, length);
    }

    /// <summary>Seeded random bytes, stamped with the record number so every write is distinct.</summary>
    private ReadOnlySpan<byte> ValueFor(int recordIndex) =>
        GeneratedValue.Fill(valueBuffer.AsSpan(0, valueBytes), random, recordIndex);
}
