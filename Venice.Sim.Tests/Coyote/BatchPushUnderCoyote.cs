using Venice.Core;
using Venice.Core.Storage;
using Venice.Sim.Coyote;
using Venice.Sim.Exploration;
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

    private static ExploreReport Explore(Func<WorldConfig> config, uint iterations) =>
        CoyoteExplorer.Explore(() => new SimRoundWorld(WorldFactory.Assemble(config()), SimRoundWorld.Unhealthy),
            new ExploreSettings(iterations, ExploreStrategy.Portfolio, Seed: 42));

    [Test]
    public void A_healthy_batch_push_survives_a_hundred_explored_interleavings()
    {
        var report = Explore(() => SmallWorld(), iterations: 100);

        Assert.That(report.BugsFound, Is.EqualTo(0), report.Bug);
        Assert.That(report.IterationsRun, Is.GreaterThanOrEqualTo(100));
    }

    [Test]
    public void A_storage_that_drops_a_write_is_reported_as_a_bug_with_the_invariant_that_caught_it()
    {
        var broken = SmallWorld((server, engine) => server.Value == 1 ? new WriteDroppingStorage(engine, dropNth: 7) : engine);

        var report = Explore(() => broken, iterations: 20);

        Assert.That(report.BugsFound, Is.GreaterThan(0), "Coyote must report the dropped write");
        Assert.That(report.Bug, Does.Contain("no-lost-writes").Or.Contain("replicas-converge").Or.Contain("online-has-data"));
        Assert.That(report.ReproducibleTrace, Is.Not.Null.And.Not.Empty, "a bug comes with the schedule that reproduces it");
    }
}
