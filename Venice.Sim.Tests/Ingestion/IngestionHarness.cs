using System.Text;
using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Core.Validation;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>
/// Records what a replica reports, for tests that assert on the order of events.
/// </summary>
public sealed class Recorder : WritePathObserverBase
{
    public List<string> Events { get; } = new();
    public List<ExecutionStatus> Statuses { get; } = new();

    public override void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset)
    {
        Statuses.Add(status);
        Events.Add($"status {status}");
    }

    public override void StorageSynced(ReplicaId replica, long throughVtOffset) => Events.Add($"sync {throughVtOffset}");
    public override void CheckpointWritten(ReplicaId replica, long throughVtOffset, bool endOfPush) => Events.Add($"checkpoint {throughVtOffset}");
    public override void DivFault(ReplicaId replica, long vtOffset, DivResult result, bool fatal) => Events.Add($"div {result} {vtOffset} {(fatal ? "fatal" : "lenient")}");
    public override void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint) => Events.Add($"subscribe {resumeFromOffset} {fromCheckpoint}");
    public override void Note(string actor, string kind, string detail) => Events.Add($"{kind} {detail}");
}

/// <summary>One replica of store_v1 partition 0 against the in-memory log, storage and metadata.</summary>
public sealed class IngestionHarness
{
    public InMemoryLog Log { get; } = new();
    public InMemoryStorageEngine Storage { get; } = new();
    public InMemoryMetadataStore Metadata { get; } = new();
    public SimClock Clock { get; } = new();
    public Recorder Recorder { get; } = new();
    public StoreIngestionTask Task { get; private set; } = null!;
    public int DataRecords { get; private set; }

    public static readonly StoreVersion Version = new("store", 1);
    public static readonly TopicPartition Vt0 = new(Version.VersionTopic, 0);

    public IngestionHarness() => Log.CreateTopic(Version.VersionTopic, 1);

    /// <summary>SOP, N puts (key-i = value-i), the data writer's EOS, then EOP unless told otherwise.</summary>
    public void Push(int records, bool endOfPush = true)
    {
        var random = new SeededRandom(3);
        var driver = new VeniceWriter(Log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, Clock);
        var data = new VeniceWriter(Log, Version.VersionTopic, random.NextProducerGuid(), ChecksumType.AdHash, Clock);
        driver.BroadcastStartOfPush(1);
        for (int i = 0; i < records; i++) data.Put(0, Encoding.ASCII.GetBytes($"key-{i}"), Encoding.ASCII.GetBytes($"value-{i}"));
        data.Close();
        if (endOfPush) driver.BroadcastEndOfPush(1);
        DataRecords = records;
    }

    public StoreRegistry Stores { get; } = new();

    public void StartReplica(IngestionOptions? options = null, int server = 0, IIngestionNotifier? notifier = null)
    {
        var context = new IngestionContext(new ServerId(server), Log, Storage, Clock, notifier ?? new PushStatusNotifier(Metadata), Recorder, options ?? IngestionOptions.Defaults, Stores, new SeededRandom(5 + server));
        Task = new StoreIngestionTask(Version, context);
        Task.Enqueue(ConsumerActionType.Subscribe, 0);
    }

    public void RunUntilIdle()
    {
        for (int guard = 0; Task.HasWork && guard < 100_000; guard++) Task.Step();
    }

    public string? Value(string key) =>
        Storage.Open(Version, 0).TryGet(Encoding.ASCII.GetBytes(key), out var value) ? Encoding.ASCII.GetString(value.Span) : null;
}

