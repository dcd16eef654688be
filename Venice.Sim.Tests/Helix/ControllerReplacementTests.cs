using Venice.Core;
using Venice.Core.Helix;

namespace Venice.Sim.Tests.Helix;

public sealed class ControllerReplacementTests
{
    [Test]
    public void A_replica_on_a_dead_server_is_replaced_on_a_free_live_server()
    {
        var cluster = new HelixCluster(servers: 4, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var before = cluster.Controller.AssignmentOf(HelixCluster.Version, 0);
        var free = Enumerable.Range(0, 4).Select(i => new ServerId(i)).Except(before).Single();
        var victim = before[^1];

        cluster.ExpireSession(victim.Value);
        cluster.RunUntilQuiet();

        var after = cluster.Controller.AssignmentOf(HelixCluster.Version, 0);
        Assert.That(after, Does.Not.Contain(victim));
        Assert.That(after, Does.Contain(free));
        Assert.That(after, Has.Count.EqualTo(3));
        Assert.That(cluster.ExternalView(0)[free], Is.EqualTo(HelixState.STANDBY));
        Assert.That(cluster.ExternalView(0).Keys, Does.Not.Contain(victim));
    }

    [Test]
    public void Without_a_free_server_the_partition_keeps_its_surviving_replicas()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();

        cluster.ExpireSession(2);
        cluster.RunUntilQuiet();

        Assert.That(cluster.Controller.AssignmentOf(HelixCluster.Version, 0), Is.EquivalentTo(new[] { new ServerId(0), new ServerId(1) }));
    }
}
