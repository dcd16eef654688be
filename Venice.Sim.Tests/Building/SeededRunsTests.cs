using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Building;

public sealed class SeededRunsTests
{
    private static WorldBuilder SmallBatchWorld() =>
        WorldBuilder.Create(1).WithServers(3)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 3))
            .WithPush("orders", Workload.Puts(records: 200, keys: 100, valueBytes: 20));

    [Test]
    public void Every_seed_of_a_healthy_world_passes_and_each_run_is_the_seed_asked_for()
    {
        var result = SeededRuns.Run(SmallBatchWorld(), [3, 4, 5]);

        Assert.That(result.AllPassed, Is.True, string.Join("; ", result.Failures.SelectMany(f => f.ExpectationFailures)));
        Assert.That(result.Runs.Select(r => r.Seed), Is.EqualTo(new long[] { 3, 4, 5 }));
        Assert.That(result.FirstFailure, Is.Null);
        Assert.That(result.Reproduction, Is.Null);
    }

    [Test]
    public void A_seeded_defect_is_found_across_seeds_and_the_first_failure_reproduces_from_its_seed()
    {
        var world = SmallBatchWorld().WithDefect("complete-before-eop");

        var result = SeededRuns.Run(world, Enumerable.Range(100, 5).Select(i => (long)i));

        Assert.That(result.AllPassed, Is.False);
        Assert.That(result.Failures, Is.Not.Empty);
        Assert.That(result.Failures.All(f => f.Outcome == RunOutcome.Failed), Is.True);
        var first = result.FirstFailure!;
        Assert.That(first, Is.SameAs(result.Failures[0]));
        Assert.That(result.Reproduction, Is.EqualTo($"world.WithSeed({first.Seed}).Build().Run()"));
        var again = world.WithSeed(first.Seed).Build().Run();
        Assert.That(again.TraceSha256, Is.EqualTo(first.TraceSha256), "the seed alone reproduces the failure byte for byte");
    }

    [Test]
    public void Running_no_seeds_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SeededRuns.Run(SmallBatchWorld(), []));
    }
}
