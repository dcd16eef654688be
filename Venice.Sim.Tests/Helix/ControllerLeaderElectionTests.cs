using Venice.Core;
using Venice.Core.Helix;

namespace Venice.Sim.Tests.Helix;

public sealed class ControllerLeaderElectionTests
{
    [Test]
    public void Every_partition_has_exactly_one_leader_in_the_external_view()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 5, replicationFactor: 3);

        cluster.RunUntilQuiet();

        for (int partition = 0; partition < 5; partition++)
        {
            Assert.That(cluster.LeadersInExternalView(partition), Has.Length.EqualTo(1));
        }
        Assert.That(cluster.Monitor.Violations, Is.Empty);
    }

    [Test]
    public void The_first_leaders_are_the_preferred_replicas_so_leadership_is_balanced()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 3, replicationFactor: 3);

        cluster.RunUntilQuiet();

        Assert.That(Enumerable.Range(0, 3).Select(cluster.LeaderOf), Is.EqualTo(new[] { new ServerId(0), new ServerId(1), new ServerId(2) }));
    }

    [Test]
    public void Only_a_standby_is_promoted_and_the_leader_gets_the_promotion_with_a_term()
    {
        var cluster = new HelixCluster(servers: 2, partitions: 1, replicationFactor: 2);

        cluster.RunUntilQuiet();

        var leader = cluster.LeaderOf(0);
        var calls = cluster.Hosts[leader.Value].Calls;
        Assert.That(calls[0], Is.EqualTo("subscribe store_v1-0"));
        Assert.That(calls[1], Does.StartWith("promote store_v1-0 term="));
    }

    [Test]
    public void When_the_leaders_session_expires_a_live_standby_is_elected()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var oldLeader = cluster.LeaderOf(0);

        cluster.ExpireSession(oldLeader.Value);
        cluster.RunUntilQuiet();

        var newLeader = cluster.LeaderOf(0);
        Assert.That(newLeader, Is.Not.EqualTo(oldLeader));
        Assert.That(cluster.ExternalView(0).Keys, Does.Not.Contain(oldLeader));
        Assert.That(cluster.Monitor.Violations, Is.Empty);
    }

    [Test]
    public void An_errored_leader_is_disabled_and_another_replica_leads()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var oldLeader = cluster.LeaderOf(0);

        cluster.Hosts[oldLeader.Value].SetProgress(HelixCluster.Version, 0, ReplicaProgress.Errored);
        cluster.RunUntilQuiet();

        Assert.That(cluster.LeaderOf(0), Is.Not.EqualTo(oldLeader));
        Assert.That(cluster.ExternalView(0)[oldLeader], Is.EqualTo(HelixState.ERROR));
    }

    [Test]
    public void A_reconnected_server_is_brought_back_as_a_standby_replica()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var oldLeader = cluster.LeaderOf(0);
        cluster.ExpireSession(oldLeader.Value);
        cluster.RunUntilQuiet();

        cluster.Participants[oldLeader.Value].Reconnect();
        cluster.RunUntilQuiet();

        Assert.That(cluster.ExternalView(0)[oldLeader], Is.EqualTo(HelixState.STANDBY));
        Assert.That(cluster.LeadersInExternalView(0), Has.Length.EqualTo(1));
    }
}
