using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.Scenarios;
using Venice.Sim.Model;

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
        cluster.Monitor.ViewConsistency.DropProcessed(cluster.Metadata, replica, metadataReachable: true);
        Assert.That(cluster.Monitor.Violations, Is.Empty, "the server's drop deleted the entry");

        cluster.Metadata.Create(MetadataPaths.CustomizedViewReplica(HelixCluster.Version, 0, new ServerId(0)), "COMPLETED");
        cluster.RunUntilQuiet();

        Assert.That(cluster.Monitor.FiredInvariants, Is.EqualTo(new[] { InvariantNames.ViewConsistency }));
        Assert.That(cluster.Monitor.Violations[0].Message, Does.Contain("dropped"));
    }

    [Test]
    public void A_replica_helix_records_as_dropped_is_not_checked_before_its_server_has_run_the_drop()
    {
        var cluster = new HelixCluster(servers: 4, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var preferred = cluster.Controller.AssignmentOf(HelixCluster.Version, 0).ToArray();
        var victim = preferred.First(s => s != cluster.LeaderOf(0));
        var replacement = Enumerable.Range(0, 4).Select(i => new ServerId(i)).Except(preferred).Single();
        cluster.ExpireSession(victim.Value);
        cluster.RunUntilQuiet();
        // The replacement reported COMPLETED; the fake host queues DROP_PARTITION but never runs it.
        cluster.Metadata.Create(MetadataPaths.CustomizedViewReplica(HelixCluster.Version, 0, replacement), "COMPLETED");

        cluster.Participants[victim.Value].Reconnect();
        cluster.RunUntilQuiet();

        Assert.That(cluster.Hosts[replacement.Value].Calls, Does.Contain("drop store_v1-0"), "Helix dropped the replacement");
        Assert.That(cluster.Monitor.Violations, Is.Empty, "the entry goes when the server runs DROP_PARTITION, not at DROPPED");
    }

    [Test]
    public void A_drop_run_while_the_server_could_not_reach_the_metadata_store_is_not_reported()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        var replica = new ReplicaId(HelixCluster.Version, 0, new ServerId(0));
        cluster.Metadata.Create(MetadataPaths.CustomizedViewReplica(HelixCluster.Version, 0, replica.Server), "COMPLETED");

        cluster.Monitor.ViewConsistency.DropProcessed(cluster.Metadata, replica, metadataReachable: false);
        cluster.Monitor.ViewConsistency.CheckDroppedReplicas(cluster.Metadata);

        Assert.That(cluster.Monitor.Violations, Is.Empty);
    }

    [Test]
    public void A_replica_subscribed_again_after_its_drop_may_write_its_customized_view_entry_again()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        var checker = cluster.Monitor.ViewConsistency;
        var replica = new ReplicaId(HelixCluster.Version, 0, new ServerId(0));
        checker.DropProcessed(cluster.Metadata, replica, metadataReachable: true);

        checker.ReplicaSubscribed(replica, resumeFromOffset: 0, fromCheckpoint: false);
        cluster.Metadata.Create(MetadataPaths.CustomizedViewReplica(HelixCluster.Version, 0, replica.Server), "STARTED");
        checker.CheckDroppedReplicas(cluster.Metadata);

        Assert.That(cluster.Monitor.Violations, Is.Empty);
    }

    [Test]
    public void A_customized_view_entry_a_drop_left_behind_is_reported_once()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        var checker = cluster.Monitor.ViewConsistency;
        var replica = new ReplicaId(HelixCluster.Version, 0, new ServerId(0));
        cluster.Metadata.Create(MetadataPaths.CustomizedViewReplica(HelixCluster.Version, 0, replica.Server), "COMPLETED");

        checker.DropProcessed(cluster.Metadata, replica, metadataReachable: true);
        checker.CheckDroppedReplicas(cluster.Metadata);
        checker.CheckDroppedReplicas(cluster.Metadata);

        Assert.That(cluster.Monitor.Violations.Select(v => v.Message), Is.EqualTo(new[]
        {
            "store_v1-0@server-0 was dropped but its customized-view entry is still there (COMPLETED)",
        }));
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
