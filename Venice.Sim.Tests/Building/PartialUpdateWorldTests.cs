using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Building;

public sealed class PartialUpdateWorldTests
{
    private static readonly OperationMix UpdateHeavy = new(puts: 1, deletes: 1, updates: 3);

    private static WorldBuilder UpdateHeavyHybrid(long seed) =>
        WorldBuilder.Create(seed).WithServers(3)
            .WithStore(StoreDefinition.Hybrid("carts", partitions: 2, replicationFactor: 3))
            .WithPush("carts", Workload.Puts(records: 200, keys: 50, valueBytes: 32))
            .WithRealtime("carts", new Workload { Records = 200, Keys = 50, ValueSize = ValueSize.Fixed(32), Mix = UpdateHeavy, RatePerSecond = 50 });

    [Test]
    public void Real_time_partial_updates_converge_on_every_replica_to_the_reference_values()
    {
        var result = UpdateHeavyHybrid(5).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
    }

    [Test]
    public void A_leader_that_cannot_read_its_storage_computes_wrong_updates_and_no_lost_writes_catches_it()
    {
        var result = UpdateHeavyHybrid(5).WithStorage((_, engine) => new ReadBlindStorage(engine)).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Failed));
        Assert.That(result.Violations.Select(v => v.Invariant), Does.Contain("no-lost-writes").Or.Contain("replicas-converge"));
    }

    [Test]
    public void A_batch_push_with_updates_is_refused_when_the_world_is_built()
    {
        var builder = WorldBuilder.Create(1).WithServers(1)
            .WithStore(StoreDefinition.Batch("orders", 1, 1))
            .WithPush("orders", new Workload { Records = 10, Keys = 5, Mix = new OperationMix(1, 0, 1) });

        var error = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.That(error!.Message, Does.Contain("UPDATE").And.Contain("real-time only"));
    }
}
