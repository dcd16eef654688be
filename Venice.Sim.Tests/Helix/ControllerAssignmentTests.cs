using Venice.Core;
using Venice.Core.Helix;

namespace Venice.Sim.Tests.Helix;

public sealed class ControllerAssignmentTests
{
    [Test]
    public void Each_partition_gets_its_replicas_on_distinct_live_servers()
    {
        var cluster = new HelixCluster(servers: 4, partitions: 6, replicationFactor: 3);

        cluster.RunUntilQuiet();

        for (int partition = 0; partition < 6; partition++)
        {
            var assignment = cluster.Controller.AssignmentOf(HelixCluster.Version, partition);
            Assert.That(assignment, Has.Count.EqualTo(3));
            Assert.That(assignment, Is.Unique);
            Assert.That(cluster.ExternalView(partition).Keys, Is.EquivalentTo(assignment));
        }
    }

    [Test]
    public void Replicas_are_spread_evenly_over_the_servers()
    {
        var cluster = new HelixCluster(servers: 4, partitions: 8, replicationFactor: 2);

        cluster.RunUntilQuiet();

        var perServer = Enumerable.Range(0, 8)
            .SelectMany(p => cluster.Controller.AssignmentOf(HelixCluster.Version, p))
            .GroupBy(s => s).Select(g => g.Count()).ToArray();
        Assert.That(perServer, Is.EqualTo(new[] { 4, 4, 4, 4 }));
    }

    [Test]
    public void A_server_without_a_live_instance_gets_no_replica()
    {
        var cluster = new HelixCluster(servers: 4, partitions: 4, replicationFactor: 3);
        cluster.ExpireSession(3);

        cluster.RunUntilQuiet();

        for (int partition = 0; partition < 4; partition++)
        {
            Assert.That(cluster.Controller.AssignmentOf(HelixCluster.Version, partition), Does.Not.Contain(new ServerId(3)));
        }
        Assert.That(cluster.Participants[3].States, Is.Empty);
    }

    [Test]
    public void With_fewer_live_servers_than_the_replication_factor_a_partition_uses_all_of_them()
    {
        var cluster = new HelixCluster(servers: 2, partitions: 1, replicationFactor: 3);

        cluster.RunUntilQuiet();

        Assert.That(cluster.Controller.AssignmentOf(HelixCluster.Version, 0), Is.EquivalentTo(new[] { new ServerId(0), new ServerId(1) }));
    }

    [Test]
    public void The_controller_has_no_work_once_the_cluster_is_settled()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 2, replicationFactor: 3);

        cluster.RunUntilQuiet();

        Assert.That(cluster.Controller.HasWork, Is.False);
        Assert.That(cluster.Bus.OutstandingCount, Is.Zero);
        Assert.That(cluster.Participants.All(p => p.States.All(s => s.State is HelixState.STANDBY or HelixState.LEADER)), Is.True);
    }
}
