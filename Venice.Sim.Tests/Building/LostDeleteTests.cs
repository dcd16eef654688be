using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Building;

public sealed class LostDeleteTests
{
    private static readonly OperationMix DeleteHeavy = new(puts: 1, deletes: 2, updates: 0);

    private static WorldBuilder DeleteHeavyHybrid(long seed) =>
        WorldBuilder.Create(seed).WithServers(3)
            .WithStore(StoreDefinition.Hybrid("carts", partitions: 2, replicationFactor: 3))
            .WithPush("carts", new Workload { Records = 300, Keys = 60, ValueSize = ValueSize.Fixed(24), Mix = DeleteHeavy })
            .WithRealtime("carts", new Workload { Records = 120, Keys = 60, ValueSize = ValueSize.Fixed(16), Mix = DeleteHeavy, RatePerSecond = 40 });

    [Test]
    public void A_delete_heavy_world_passes_with_the_real_storage_engine()
    {
        var result = DeleteHeavyHybrid(11).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
    }

    [Test]
    public void A_storage_engine_that_ignores_deletes_fails_no_lost_writes()
    {
        var result = DeleteIgnoringHybrid(11).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Failed));
        Assert.That(result.Violations.Select(v => v.Invariant), Does.Contain("no-lost-writes"));
    }

    private static WorldBuilder DeleteIgnoringHybrid(long seed) =>
        DeleteHeavyHybrid(seed).WithStorage((_, engine) => new DeleteIgnoringStorage(engine));
}
