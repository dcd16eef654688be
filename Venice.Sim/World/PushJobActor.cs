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
/// A batch push (Venice Push Job). A driver writer broadcasts START_OF_PUSH, data writers' records
/// follow, the data writer closes its segments (final END_OF_SEGMENT with checksum), and the driver
/// broadcasts END_OF_PUSH. In Venice the controller and VPJ split these roles; the order of what
/// lands in the VT is the same. Each step writes at most PushBatchRecords records, taken from the
/// push's workload (PUTs and DELETEs).
/// </summary>
public sealed class PushJobActor : ISimActor
{
    /// <summary>The name of a world's only push job; with several stores each is <c>push-job-{store}</c>.</summary>
    public const string SingleStoreName = "push-job";

    private enum Stage
    {
        /// <summary>A later push, declared but not started: the controller has not created its version yet.</summary>
        Waiting,
        StartOfPush,
        Data,
        CloseData,
        EndOfPush,
        Done,
        Failed,

        /// <summary>Killed mid-way (a kill-push fault): writes nothing more.</summary>
        Killed,
    }

    private readonly StoreVersion version;
    private readonly int partitionCount;
    private readonly long records;
    private readonly int batchRecords;
    private readonly ReferenceModel reference;
    private readonly IWritePathObserver observer;
    private readonly VeniceWriter driver;
    private readonly VeniceWriter data;
    private readonly IWorkloadCursor cursor;
    private Stage stage = Stage.StartOfPush;
    private long written;

    /// <param name="random">The push's own seeded stream: the writers' GUIDs are drawn first, then the workload draws from it.</param>
    public PushJobActor(string name, StoreVersion version, int partitionCount, IWorkload workload,
        ILog log, IClock clock, SeededRandom random, ChecksumType checksum, int batchRecords,
        ReferenceModel reference, IWritePathObserver observer)
    {
        Name = name;
        this.version = version;
        this.partitionCount = partitionCount;
        records = workload.Records;
        this.batchRecords = Math.Max(1, batchRecords);
        this.reference = reference;
        this.observer = observer;
        driver = new VeniceWriter(log, version.VersionTopic, random.NextProducerGuid(), checksum, clock);
        data = new VeniceWriter(log, version.VersionTopic, random.NextProducerGuid(), checksum, clock);
        cursor = workload.Start(new WorkloadStart(random, version.Store, RealTime: false));
    }

    public string Name { get; }

    /// <summary>The reference model the push records its writes into.</summary>
    internal ReferenceModel Reference => reference;

    /// <summary>The version this push creates.</summary>
    public StoreVersion Version => version;

    public bool HasWork => stage is not (Stage.Done or Stage.Failed or Stage.Killed or Stage.Waiting);

    public long? NextDeadlineMs => null;

    public bool Finished => stage == Stage.Done;

    public bool FailedToWrite => stage == Stage.Failed;

    /// <summary>A later push waiting for the controller to create its version.</summary>
    public bool Waiting => stage == Stage.Waiting;

    /// <summary>The push was killed before it finished.</summary>
    public bool Killed => stage == Stage.Killed;

    /// <summary>Makes this a later push: it writes nothing until <see cref="Begin"/>.</summary>
    internal void HoldUntilStarted()
    {
        if (stage != Stage.StartOfPush) throw new InvalidOperationException($"{Name} already started");
        stage = Stage.Waiting;
    }

    /// <summary>The controller created the version: the push starts with START_OF_PUSH.</summary>
    internal void Begin()
    {
        if (stage != Stage.Waiting) throw new InvalidOperationException($"{Name} is not waiting to start");
        stage = Stage.StartOfPush;
    }

    /// <summary>Kills the push (Venice's kill push job): it writes nothing more. Returns false when it had already finished.</summary>
    internal bool Kill()
    {
        if (stage is Stage.Done or Stage.Failed or Stage.Killed) return false;
        stage = Stage.Killed;
        observer.Note(Name, "push-killed", $"{version} after {written} records");
        return true;
    }

    /// <summary>Where the job is (its stage and records written), for the exhaustive mode's state digest.</summary>
    internal (int Stage, long Written) Progress => ((int)stage, written);

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
        long end = Math.Min(records, written + batchRecords);
        long first = written;
        bool exhausted = false;
        while (written < end)
        {
            if (!cursor.TryNext(out var record))
            {
                // A workload may end before its bound (a user's stream); the push ends with it.
                exhausted = true;
                break;
            }
            var key = record.Key.Span;
            int partition = VenicePartitioner.PartitionFor(key, partitionCount);
            var result = record.Kind switch
            {
                WriteKind.Put => data.Put(partition, key, record.Value.Span),
                WriteKind.Delete => data.Delete(partition, key),
                _ => throw new NotSupportedException(Workload.UpdateIsRealTimeOnly), // refused when the world is built
            };
            if (!result.Succeeded)
            {
                observer.Note(Name, "push-failed", $"record {written} to partition {partition}: {result.Status}");
                stage = Stage.Failed;
                return;
            }
            if (record.Kind == WriteKind.Delete) reference.RecordDelete(partition, key);
            else reference.RecordPut(partition, key, record.Value.Span);
            written++;
        }
        observer.Note(Name, "push-batch", $"records [{first}, {(exhausted ? written : end)})");
        if (written >= records || exhausted) stage = Stage.CloseData;
    }
}
