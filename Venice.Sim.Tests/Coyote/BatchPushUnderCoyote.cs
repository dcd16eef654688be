using Microsoft.Coyote;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;
using Venice.Core;
using Venice.Core.Storage;
using Venice.Sim.Drivers;
using Venice.Sim.Tests.Coyote;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Coyote;

/// <summary>
/// Coyote systematic tests of the batch-push world: each actor is a controlled task and Coyote explores
/// interleavings, including preemptions inside steps at the in-memory stores' scheduling points.
/// </summary>
[TestFixture]
[Category("Coyote")]
public sealed class BatchPushUnderCoyote
{
    private static WorldConfig SmallWorld(Func<ServerId, IStorageEngine, IStorageEngine>? wrap = null) => new()
    {
        Servers = 3,
        Partitions = 2,
        ReplicationFactor = 3,
        PushRecords = 60,
        PushKeys = 60, // one write per key, so a dropped write is never repaired by a later one
        ValueBytes = 16,
        Seed = 11,
        Options = Venice.Core.Ingestion.IngestionOptions.Defaults with { PollBatchRecords = 10, PushBatchRecords = 10 },
        WrapStorage = wrap,
        MaxSteps = 200_000,
    };

    private static Func<Task> TestOf(Func<WorldConfig> config) => async () =>
    {
        var world = new SimWorld(config());
        await CoyoteDriver.RunAsync(world);
        var violations = world.Invariants.Violations;
        Specification.Assert(violations.Count == 0,
            "invariant violated: {0}", violations.Count == 0 ? "" : $"{violations[0].Invariant}: {violations[0].Message}");
        Specification.Assert(world.VersionStatus == Venice.Core.Reporting.VersionStatus.ONLINE,
            "version ended {0}, expected ONLINE", world.VersionStatus);
    };

    private static TestReport Explore(Func<Task> test, uint iterations)
    {
        var configuration = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithMaxSchedulingSteps(100_000)
            .WithRandomGeneratorSeed(42)
            .WithTelemetryEnabled(false);
        var engine = TestingEngine.Create(configuration, test);
        engine.Run();
        return engine.TestReport;
    }

    [NUnit.Framework.Test]
    public void A_healthy_batch_push_survives_a_hundred_explored_interleavings()
    {
        var report = Explore(TestOf(() => SmallWorld()), iterations: 100);

        Assert.That(report.NumOfFoundBugs, Is.EqualTo(0), string.Join("\n", report.BugReports));
        Assert.That(report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths, Is.GreaterThanOrEqualTo(100));
    }

    [NUnit.Framework.Test]
    public void A_storage_that_drops_a_write_is_reported_as_a_bug_with_the_invariant_that_caught_it()
    {
        var broken = SmallWorld((server, engine) => server.Value == 1 ? new WriteDroppingStorage(engine, dropNth: 7) : engine);

        var report = Explore(TestOf(() => broken), iterations: 20);

        Assert.That(report.NumOfFoundBugs, Is.GreaterThan(0), "Coyote must report the dropped write");
        Assert.That(string.Join("\n", report.BugReports), Does.Contain("no-lost-writes").Or.Contain("replicas-converge").Or.Contain("online-has-data"));
    }
}
