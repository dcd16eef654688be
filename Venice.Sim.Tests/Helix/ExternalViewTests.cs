using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.Helix;

public sealed class ExternalViewTests
{
    [Test]
    public void The_external_view_mirrors_the_current_states_of_live_servers()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 2, replicationFactor: 2);

        cluster.RunUntilQuiet();

        for (int partition = 0; partition < 2; partition++)
        {
            var expected = new SortedDictionary<ServerId, HelixState>();
            foreach (var participant in cluster.Participants)
            {
                var state = participant.StateOf(HelixCluster.Version, partition);
                if (state != HelixState.OFFLINE) expected[participant.Server] = state;
            }
            Assert.That(cluster.ExternalView(partition), Is.EquivalentTo(expected));
        }
    }

    [Test]
    public void The_entries_of_a_dead_server_are_removed()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 1, replicationFactor: 3);
        cluster.RunUntilQuiet();

        cluster.ExpireSession(1);
        cluster.RunUntilQuiet();

        Assert.That(cluster.Metadata.TryGet(MetadataPaths.ExternalViewReplica(HelixCluster.Version, 0, new ServerId(1)), out _), Is.False);
        Assert.That(cluster.ExternalView(0).Keys, Is.EquivalentTo(new[] { new ServerId(0), new ServerId(2) }));
    }

    [Test]
    public void A_stray_external_view_entry_is_removed()
    {
        var cluster = new HelixCluster(servers: 2, partitions: 1, replicationFactor: 2);
        cluster.RunUntilQuiet();
        string stray = MetadataPaths.ExternalViewReplica(HelixCluster.Version, 0, new ServerId(7));

        cluster.Metadata.Create(stray, "STANDBY");
        cluster.RunUntilQuiet();

        Assert.That(cluster.Metadata.TryGet(stray, out _), Is.False);
    }
}
