using Venice.Core.Reporting;
using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Building;

public sealed class ManyStoresTests
{
    private static WorldBuilder TwoStores(long seed) =>
        WorldBuilder.Create(seed).WithServers(4)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 3))
            .WithStore(StoreDefinition.Hybrid("clicks", partitions: 3, replicationFactor: 2) with { RewindTime = TimeSpan.FromSeconds(3600) })
            .WithPush("orders", Workload.Puts(records: 200, keys: 80, valueBytes: 40))
            .WithPush("clicks", Workload.Puts(records: 150, keys: 50, valueBytes: 30))
            .WithRealtime("clicks", Workload.RealTime(records: 60, keys: 50, valueBytes: 20, ratePerSecond: 50));

    [Test]
    public void A_batch_and_a_hybrid_store_on_the_same_servers_both_go_online()
    {
        var world = TwoStores(3).Build();

        var result = world.Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(result.VersionStatuses, Is.EqualTo(new[]
        {
            new VersionOutcome("orders_v1", nameof(VersionStatus.ONLINE)),
            new VersionOutcome("clicks_v1", nameof(VersionStatus.ONLINE)),
        }));
        Assert.That(world.Actors.Select(a => a.Name), Does.Contain("push-job-orders").And.Contain("push-job-clicks").And.Contain("rt-producer-clicks"));
    }

    [Test]
    public void Each_store_version_gets_its_own_ingestion_task_on_the_servers_that_host_it()
    {
        var world = TwoStores(3).Build();
        world.Run();

        var hosted = world.Servers.SelectMany(s => s.Tasks.Select(t => t.Version.VersionTopic)).Distinct().Order().ToArray();
        Assert.That(hosted, Is.EqualTo(new[] { "clicks_v1", "orders_v1" }));
    }

    [Test]
    public void The_world_view_lists_each_store_s_versions()
    {
        var world = TwoStores(3).Build();
        world.Run();
        var view = world.View();

        Assert.That(view.Stores.Select(s => s.Name), Is.EqualTo(new[] { "orders", "clicks" }));
        Assert.That(view.Versions("clicks").Select(v => v.VersionTopic), Is.EqualTo(new[] { "clicks_v1" }));
        Assert.That(view.StatusOf(view.Versions("orders")[0]), Is.EqualTo(VersionStatus.ONLINE));
        Assert.That(view.LeaderOf(view.Versions("orders")[0], 1), Is.Not.Null);
    }

    [Test]
    public void A_single_store_convenience_refuses_a_world_of_many_stores()
    {
        var world = TwoStores(3).Build();

        Assert.Throws<InvalidOperationException>(() => _ = world.VersionStatus);
    }

    [Test]
    public void A_second_push_to_one_store_creates_its_version_2()
    {
        var world = TwoStores(1).WithPush("orders", Workload.Puts(10, 10, 10)).Build();

        var result = world.Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(result.VersionStatuses.Select(v => v.Version), Is.EqualTo(new[] { "orders_v1", "clicks_v1", "orders_v2" }));
    }
}
