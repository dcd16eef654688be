using Venice.Core;
using Venice.Core.Storage;
using Venice.Sim.Coyote;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Coyote;

/// <summary>
/// Coyote systematic tests of the batch-push world, through the public surface (WorldBuilder and
/// CoyoteTesting): each actor step is a controlled task and Coyote explores interleavings, including
/// preemptions inside steps at the in-memory stores' scheduling points.
/// </summary>
[TestFixture]
[Category("Coyote")]
public sealed class BatchPushUnderCoyote
{
    private static WorldBuilder SmallWorld(Func<ServerId, IStorageEngine, IStorageEngine>? wrap = null)
    {
        var builder = WorldBuilder.Create(11).WithServers(3)
            .WithStore(StoreDefinition.Batch("store", partitions: 2, replicationFactor: 3))
            // One write per key, so a dropped write is never repaired by a later one.
            .WithPush("store", Workload.Puts(records: 60, keys: 60, valueBytes: 16))
            .WithConfig("poll.batch.records", "10")
            .WithConfig("push.batch.records", "10")
            .WithMaxSteps(200_000);
        return wrap is null ? builder : builder.WithStorage(wrap);
    }

    private static ExplorationResult Explore(WorldBuilder world, uint iterations) =>
        CoyoteTesting.Explore(world, new CoyoteOptions(iterations, ExploreStrategy.Portfolio, Seed: 42));

    [Test]
    public void A_healthy_batch_push_survives_a_hundred_explored_interleavings()
    {
        var result = Explore(SmallWorld(), iterations: 100);

        Assert.That(result.BugFound, Is.False, result.Bug);
        Assert.That(result.IterationsRun, Is.GreaterThanOrEqualTo(100));
    }

    [Test]
    public void A_storage_that_drops_a_write_is_reported_as_a_bug_with_the_invariant_that_caught_it()
    {
        var broken = SmallWorld((server, engine) => server.Value == 1 ? new WriteDroppingStorage(engine, dropNth: 7) : engine);

        var result = Explore(broken, iterations: 20);

        Assert.That(result.BugFound, Is.True, "Coyote must report the dropped write");
        Assert.That(result.Bug, Does.Contain("no-lost-writes").Or.Contain("replicas-converge").Or.Contain("online-has-data"));
        Assert.That(result.ReproducibleTrace, Is.Not.Null.And.Not.Empty, "a bug comes with the schedule that reproduces it");
    }
}
