using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Tests.Helix;

public sealed class ViewConsistencyTests
{
    [Test]
    public void A_second_leader_written_into_the_external_view_is_reported()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var standby = cluster.ExternalView(0).First(e => e.Value == HelixState.STANDBY).Key;

        cluster.Metadata.SetData(MetadataPaths.ExternalViewReplica(HelixCluster.Version, 0, standby), "LEADER", -1);
        cluster.RunUntilQuiet();

        Assert.That(cluster.Monitor.FiredInvariants, Is.EqualTo(new[] { InvariantNames.ViewConsistency }));
        Assert.That(cluster.Monitor.Violations[0].Message, Does.Contain("2 LEADER replicas"));
    }

    [Test]
    public void A_standing_double_leader_is_reported_once()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var checker = cluster.Monitor.ViewConsistency;
        cluster.Metadata.Create(MetadataPaths.ExternalViewReplica(HelixCluster.Version, 0, new ServerId(9)), "LEADER");

        checker.CheckExternalView(cluster.Metadata, HelixCluster.Version, 0);
        checker.CheckExternalView(cluster.Metadata, HelixCluster.Version, 0);

        Assert.That(cluster.Monitor.Violations, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_customized_view_entry_written_for_a_dropped_replica_is_reported()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var replica = new ReplicaId(HelixCluster.Version, 0, new ServerId(0));
        cluster.Monitor.ViewConsistency.ReplicaStateChanged(cluster.Metadata, replica, HelixState.DROPPED);
        Assert.That(cluster.Monitor.Violations, Is.Empty, "the participant deletes the entry when it drops a replica");

        cluster.Metadata.Create(MetadataPaths.CustomizedViewReplica(HelixCluster.Version, 0, new ServerId(0)), "COMPLETED");
        cluster.RunUntilQuiet();

        Assert.That(cluster.Monitor.FiredInvariants, Is.EqualTo(new[] { InvariantNames.ViewConsistency }));
        Assert.That(cluster.Monitor.Violations[0].Message, Does.Contain("dropped"));
    }

    [Test]
    public void An_illegal_transition_reaching_a_participant_is_a_violation()
    {
        var cluster = new HelixCluster(servers: 1, partitions: 1, replicationFactor: 1);
        var participant = cluster.Participants[0];
        var illegal = new HelixTransitionMessage(1000, HelixCluster.Version, 0, participant.Server, participant.Session!.Value,
            HelixState.OFFLINE, HelixState.LEADER, Term: 1);
        cluster.Bus.Send(illegal);

        cluster.StepServer(0);

        Assert.That(cluster.Monitor.FiredInvariants, Is.EqualTo(new[] { InvariantNames.ViewConsistency }));
        Assert.That(cluster.Monitor.Violations[0].Message, Does.Contain("illegal Helix transition OFFLINE->LEADER"));
    }

    [Test]
    public void Normal_leader_changes_never_show_two_leaders()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 3, replicationFactor: 3);
        cluster.RunUntilQuiet();

        for (int partition = 0; partition < 3; partition++)
        {
            cluster.Controller.MoveLeader(HelixCluster.Version, partition, to: null);
        }
        cluster.RunUntilQuiet();
        cluster.ExpireSession(0);
        cluster.RunUntilQuiet();

        Assert.That(cluster.Monitor.Violations, Is.Empty);
    }
}
