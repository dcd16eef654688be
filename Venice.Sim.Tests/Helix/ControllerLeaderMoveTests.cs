using Venice.Core;
using Venice.Core.Helix;

namespace Venice.Sim.Tests.Helix;

public sealed class ControllerLeaderMoveTests
{
    [Test]
    public void A_planned_move_promotes_the_new_leader_only_after_the_old_one_acknowledged_its_demotion()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var oldLeader = cluster.LeaderOf(0);
        var newLeader = cluster.Controller.AssignmentOf(HelixCluster.Version, 0).First(s => s != oldLeader);

        cluster.Controller.MoveLeader(HelixCluster.Version, 0, newLeader);
        cluster.StepController();

        var demotion = cluster.Bus.Outstanding.Single();
        Assert.That((demotion.Target, demotion.From, demotion.To), Is.EqualTo((oldLeader, HelixState.LEADER, HelixState.STANDBY)));

        // Nothing new while the demotion is in flight, however often the controller looks.
        cluster.Metadata.Create("/cv/unrelated", "x");
        cluster.StepController();
        Assert.That(cluster.Bus.Outstanding, Is.EqualTo(new[] { demotion }));

        cluster.StepServer(oldLeader.Value);
        Assert.That(cluster.Bus.Outstanding, Is.Empty);
        cluster.StepController();

        var promotion = cluster.Bus.Outstanding.Single();
        Assert.That((promotion.Target, promotion.From, promotion.To), Is.EqualTo((newLeader, HelixState.STANDBY, HelixState.LEADER)));

        cluster.RunUntilQuiet();
        Assert.That(cluster.LeaderOf(0), Is.EqualTo(newLeader));
        Assert.That(cluster.ExternalView(0)[oldLeader], Is.EqualTo(HelixState.STANDBY));
        Assert.That(cluster.Controller.AssignmentOf(HelixCluster.Version, 0)[0], Is.EqualTo(newLeader));
    }

    [Test]
    public void A_move_without_a_target_hands_leadership_to_another_standby()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var oldLeader = cluster.LeaderOf(0);

        cluster.Controller.MoveLeader(HelixCluster.Version, 0, to: null);
        cluster.RunUntilQuiet();

        Assert.That(cluster.LeaderOf(0), Is.Not.EqualTo(oldLeader));
        Assert.That(cluster.Monitor.Violations, Is.Empty);
    }

    [Test]
    public void Each_promotion_carries_a_newer_term_than_the_last()
    {
        var cluster = new HelixCluster(servers: 2, partitions: 1, replicationFactor: 2);
        cluster.RunUntilQuiet();

        cluster.Controller.MoveLeader(HelixCluster.Version, 0, to: null);
        cluster.RunUntilQuiet();
        cluster.Controller.MoveLeader(HelixCluster.Version, 0, to: null);
        cluster.RunUntilQuiet();

        var terms = cluster.Hosts.SelectMany(h => h.Calls)
            .Where(c => c.StartsWith("promote", StringComparison.Ordinal))
            .Select(c => long.Parse(c[(c.IndexOf("term=", StringComparison.Ordinal) + 5)..], System.Globalization.CultureInfo.InvariantCulture))
            .Order().ToArray();
        Assert.That(terms, Has.Length.EqualTo(3));
        Assert.That(terms, Is.Unique);
    }

    [Test]
    public void Moving_to_a_server_without_a_replica_is_refused()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 2);
        cluster.RunUntilQuiet();
        var outsider = Enumerable.Range(0, 3).Select(i => new ServerId(i))
            .Except(cluster.Controller.AssignmentOf(HelixCluster.Version, 0)).Single();

        Assert.Throws<ArgumentException>(() => cluster.Controller.MoveLeader(HelixCluster.Version, 0, outsider));
    }
}
