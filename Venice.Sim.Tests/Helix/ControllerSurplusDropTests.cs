using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.Helix;

/// <summary>
/// A preferred server that comes back after a replacement took its place gets its replica back, and
/// the replacement is dropped once the returning replica is STANDBY (docs/helix.md, surplus rule).
/// </summary>
public sealed class ControllerSurplusDropTests
{
    private static readonly StoreVersion Version = HelixCluster.Version;

    /// <summary>A 4-server, 1-partition, RF 3 cluster where <c>victim</c> lost its session and <c>replacement</c> took its place.</summary>
    private static (HelixCluster Cluster, ServerId[] Preferred, ServerId Victim, ServerId Replacement) ClusterWithReplacement(
        Func<HelixCluster, ServerId[], ServerId> chooseVictim, bool currentVersion = false)
    {
        var cluster = new HelixCluster(servers: 4, partitions: 1, replicationFactor: 3);
        if (currentVersion) cluster.Metadata.Create(MetadataPaths.CurrentVersion(Version.Store), "1");
        // Every replica that subscribes is ready at once unless a test says otherwise.
        foreach (var host in cluster.Hosts) host.SetProgress(Version, 0, ReplicaProgress.Completed);
        cluster.RunUntilQuiet();
        var preferred = cluster.Controller.AssignmentOf(Version, 0).ToArray();
        var victim = chooseVictim(cluster, preferred);
        var replacement = Enumerable.Range(0, 4).Select(i => new ServerId(i)).Except(preferred).Single();

        cluster.ExpireSession(victim.Value);
        cluster.RunUntilQuiet();
        Assert.That(cluster.Controller.AssignmentOf(Version, 0), Does.Contain(replacement).And.Not.Contain(victim));
        Assert.That(cluster.ExternalView(0)[replacement], Is.Not.EqualTo(HelixState.OFFLINE), "the replacement serves");
        return (cluster, preferred, victim, replacement);
    }

    private static ServerId AFollower(HelixCluster cluster, ServerId[] preferred) => preferred.First(s => s != cluster.LeaderOf(0));

    private static int Serving(HelixCluster cluster) =>
        cluster.Participants.Count(p => cluster.Metadata.IsSessionAlive(p.Session!.Value) &&
            p.StateOf(Version, 0) is HelixState.STANDBY or HelixState.LEADER);

    [Test]
    public void A_returning_server_gets_its_replica_back_and_the_replacement_is_dropped_once_the_returning_replica_is_standby()
    {
        var (cluster, preferred, victim, replacement) = ClusterWithReplacement(AFollower, currentVersion: true);

        // The victim comes back (new session, no replicas); its bootstrap latch holds OFFLINE→STANDBY.
        cluster.Participants[victim.Value].Reconnect();
        cluster.Hosts[victim.Value].SetProgress(Version, 0, ReplicaProgress.Ingesting);
        cluster.RunUntilQuiet();

        Assert.That(cluster.Participants[victim.Value].IsBootstrapping(Version, 0), Is.True);
        Assert.That(cluster.Controller.AssignmentOf(Version, 0), Has.Count.EqualTo(4), "both the returning replica and its replacement are assigned");
        Assert.That(cluster.ExternalView(0)[replacement], Is.EqualTo(HelixState.STANDBY), "the replacement keeps serving meanwhile");
        Assert.That(cluster.Hosts[replacement.Value].Calls, Has.None.StartsWith("drop"));

        cluster.Hosts[victim.Value].SetProgress(Version, 0, ReplicaProgress.Completed);
        cluster.RunUntilQuiet();

        Assert.That(cluster.Controller.AssignmentOf(Version, 0), Is.EquivalentTo(preferred));
        Assert.That(cluster.ExternalView(0).Keys, Is.EquivalentTo(preferred));
        Assert.That(cluster.ExternalView(0)[victim], Is.EqualTo(HelixState.STANDBY));
        Assert.That(cluster.Hosts[replacement.Value].Calls.TakeLast(2), Is.EqualTo(new[] { "unsubscribe store_v1-0", "drop store_v1-0" }));
        Assert.That(cluster.Participants[replacement.Value].States, Is.Empty, "a dropped replica has no current state");
        Assert.That(cluster.Monitor.Violations, Is.Empty);
    }

    [Test]
    public void The_partition_never_has_fewer_than_R_serving_replicas_while_the_surplus_is_dropped()
    {
        var (cluster, preferred, victim, replacement) = ClusterWithReplacement(AFollower);
        Assert.That(Serving(cluster), Is.EqualTo(3));

        cluster.Participants[victim.Value].Reconnect();
        // The replacement's server takes its messages first: the order that would expose an early drop.
        var order = new[] { replacement.Value }.Concat(Enumerable.Range(0, 4).Where(i => i != replacement.Value)).ToArray();
        var seen = new List<int>();
        for (int round = 0; round < 100 && (cluster.Controller.HasWork || cluster.Bus.OutstandingCount > 0); round++)
        {
            cluster.StepController();
            seen.Add(Serving(cluster));
            foreach (int server in order)
            {
                cluster.StepServer(server);
                seen.Add(Serving(cluster));
            }
        }

        Assert.That(cluster.Hosts[replacement.Value].Calls, Does.Contain("drop store_v1-0"), "the surplus was dropped");
        Assert.That(seen, Has.All.GreaterThanOrEqualTo(3));
        Assert.That(seen, Does.Contain(4), "the returning replica served before the replacement left");
        Assert.That(cluster.Controller.AssignmentOf(Version, 0), Is.EquivalentTo(preferred));
    }

    [Test]
    public void A_replacement_that_leads_hands_leadership_to_another_replica_before_it_is_dropped()
    {
        var (cluster, preferred, victim, replacement) = ClusterWithReplacement(AFollower);
        cluster.Controller.MoveLeader(Version, 0, replacement);
        cluster.RunUntilQuiet();
        Assert.That(cluster.LeaderOf(0), Is.EqualTo(replacement));

        cluster.Participants[victim.Value].Reconnect();
        var order = new[] { replacement.Value }.Concat(Enumerable.Range(0, 4).Where(i => i != replacement.Value)).ToArray();
        var calls = cluster.Hosts[replacement.Value].Calls;
        bool otherLeaderAtUnsubscribe = false;
        for (int round = 0; round < 100 && !calls.Contains("unsubscribe store_v1-0"); round++)
        {
            cluster.StepController();
            foreach (int server in order)
            {
                cluster.StepServer(server);
                if (calls.Contains("unsubscribe store_v1-0"))
                {
                    otherLeaderAtUnsubscribe = cluster.Participants.Any(p =>
                        p.Server != replacement && p.StateOf(Version, 0) == HelixState.LEADER);
                    break;
                }
            }
        }
        cluster.RunUntilQuiet();

        Assert.That(otherLeaderAtUnsubscribe, Is.True, "leadership moved to another replica before the replacement was taken offline");
        int demoted = calls.LastIndexOf("demote store_v1-0");
        Assert.That(demoted, Is.GreaterThanOrEqualTo(0), "the leading replacement was demoted");
        Assert.That(calls.Skip(demoted + 1), Is.EqualTo(new[] { "unsubscribe store_v1-0", "drop store_v1-0" }));
        Assert.That(preferred, Does.Contain(cluster.LeaderOf(0)));
        Assert.That(cluster.Controller.AssignmentOf(Version, 0), Is.EquivalentTo(preferred));
        Assert.That(cluster.Monitor.Violations, Is.Empty, "never two leaders in the external view");
    }

    [Test]
    public void Without_a_replacement_a_returning_server_just_gets_its_replica_back()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();
        var before = cluster.Controller.AssignmentOf(Version, 0).ToArray();

        cluster.ExpireSession(2);
        cluster.RunUntilQuiet();
        cluster.Participants[2].Reconnect();
        cluster.RunUntilQuiet();

        Assert.That(cluster.Controller.AssignmentOf(Version, 0), Is.EquivalentTo(before));
        Assert.That(cluster.Hosts.SelectMany(h => h.Calls), Has.None.StartsWith("drop"));
        Assert.That(cluster.ExternalView(0)[new ServerId(2)], Is.EqualTo(HelixState.STANDBY));
    }
}
