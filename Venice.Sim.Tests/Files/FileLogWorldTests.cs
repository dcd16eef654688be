using Venice.Sim.Files;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Files;

/// <summary>A world on the file log writes the trace the in-memory log gives it, byte for byte, faults and crashes included.</summary>
[TestFixture]
public sealed class A_world_on_the_file_log
{
    // Segments of 4 KiB and a 256-byte write buffer: a run rolls hundreds of segments per partition and
    // nearly every read goes through a pipe over a file, not the buffered tail.
    private static readonly FileLogOptions TinyFiles = new() { SegmentBytes = 4096, WriteBufferBytes = 256 };

    /// <summary>Log faults (a lost record, failed produces that land and leave duplicates) and crashes, restarts and a failover.</summary>
    private static readonly string[] LibraryScenarios =
    [
        "scenarios/fast/lost-vt-record-before-eop.yaml",
        "scenarios/fast/producer-retries-vt.yaml",
        "scenarios/fast/producer-retries-rt.yaml",
        "scenarios/fast/leader-crash-after-eop.yaml",
        "scenarios/fast/follower-crash-restart-checkpoint.yaml",
        "scenarios/fast/small-hybrid-failover.yaml",
    ];

    /// <summary>Bits flipped in the VT before END_OF_PUSH and in the RT, a leader crash in between.</summary>
    private const string CorruptedRecords = """
        name: corrupted-records-and-a-crash
        description: Flipped bits in both topics and a leader crash.
        seed: 5
        cluster: { servers: 3, partitions: 4, replicationFactor: 3 }
        store:
          name: members
          kind: hybrid
          push: { records: 8000, keys: 2000, valueBytes: 64 }
          realtime: { records: 8000, ratePerSecond: 20, keys: 800, valueBytes: 64 }
        config: { push.batch.records: 5 }
        faults:
          - { at: 2s, corruptRecord: { topic: version, partition: 0 } }
          - { at: 100s, corruptRecord: { topic: realtime, partition: 1 } }
          - { at: 200s, crash: { leader: 1 } }
          - { at: 240s, restart: server-0 }
        phases: { faultsUntil: 250s, settleWithin: 900s }
        expect: { versionStatus: ERROR, violations: [] }
        """;

    [TestCaseSource(nameof(LibraryScenarios))]
    public void Runs_a_library_scenario_to_the_same_trace_as_in_memory(string path)
    {
        var spec = LibraryScenario.Load(path).ToSpec();

        var (inMemory, _) = Run(spec);
        var (onFiles, logKind) = Run(spec with { FileLog = TinyFiles });

        Assert.That(logKind, Is.EqualTo(typeof(FileLog)));
        Assert.That(onFiles.TraceSha256, Is.EqualTo(inMemory.TraceSha256));
        Assert.That(onFiles.Outcome, Is.EqualTo(inMemory.Outcome));
    }

    [Test]
    public void Reads_records_corrupted_in_the_files_as_the_in_memory_log_does_and_DIV_reports_them()
    {
        var parsed = ScenarioLoader.Parse(CorruptedRecords, "scenarios/x.yaml");
        Assert.That(parsed.Error, Is.Null, parsed.Error?.ToString());
        var spec = parsed.Scenario!.ToSpec() with { RecordTrace = true };

        var (inMemory, _) = Run(spec);
        var (onFiles, _) = Run(spec with { FileLog = TinyFiles });

        Assert.That(onFiles.TraceSha256, Is.EqualTo(inMemory.TraceSha256));
        var struck = onFiles.TraceEvents.Where(e => e.Detail.StartsWith("members_v1-0 offset ", StringComparison.Ordinal) && e.Kind == "record-corrupted")
            .Select(e => e.Detail["members_v1-0 offset ".Length..]).ToArray();
        var divErrors = onFiles.TraceEvents.Where(e => e.Kind == "div").Select(e => e.Detail).ToArray();
        Assert.That(struck, Has.Length.EqualTo(1), "the fault flipped a bit of one VT record");
        Assert.That(divErrors, Has.Some.Contains($"vt={struck[0]} "), "the flipped bit, read back from a file, is a DIV error, not a crash");
    }

    [Test]
    public void Given_log_file_in_its_scenario_file_writes_the_trace_of_log_memory()
    {
        var scenario = LibraryScenario.Load("scenarios/fast/producer-retries-vt.yaml");

        var onFiles = LibraryScenario.Run(scenario with { Log = ScenarioLog.File }, scenario.Seed);
        var inMemory = LibraryScenario.Run(scenario, scenario.Seed);

        Assert.That(onFiles.TraceSha256, Is.EqualTo(inMemory.TraceSha256));
    }

    [Test]
    public void Makes_its_directory_under_the_parent_given_and_deletes_it_when_disposed()
    {
        string parent = TemporaryLogDirectory.New();
        var spec = LibraryScenario.Load("scenarios/fast/single-server.yaml").ToSpec() with { FileLog = new FileLogOptions(parent) };

        string logDirectory;
        using (var world = WorldBuilder.From(spec).Build())
        {
            logDirectory = ((FileLog)world.Log).Directory;
            Assert.That(Path.GetDirectoryName(logDirectory), Is.EqualTo(Path.GetFullPath(parent)));
            world.Run();
            Assert.That(Directory.EnumerateFiles(logDirectory, "*.log", SearchOption.AllDirectories), Is.Not.Empty);
        }

        Assert.That(Directory.Exists(logDirectory), Is.False);
        Directory.Delete(parent, recursive: true);
    }

    [Test]
    public void Keeps_its_segment_files_when_asked_to()
    {
        string parent = TemporaryLogDirectory.New();
        var builder = WorldBuilder.From(LibraryScenario.Load("scenarios/fast/single-server.yaml").ToSpec()).WithFileLog(parent, keep: true);

        string logDirectory;
        using (var world = builder.Build())
        {
            logDirectory = ((FileLog)world.Log).Directory;
            world.Run();
        }

        Assert.That(Directory.EnumerateFiles(logDirectory, "*.log", SearchOption.AllDirectories), Is.Not.Empty);
        Directory.Delete(parent, recursive: true);
    }

    private static (RunResult Result, Type LogKind) Run(WorldSpec spec)
    {
        using var world = WorldBuilder.From(spec).Build();
        var result = world.Run();
        return (result, world.Log.GetType());
    }
}
