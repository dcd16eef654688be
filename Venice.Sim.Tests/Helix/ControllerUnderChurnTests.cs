using Venice.Core;
using Venice.Core.Helix;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Helix;

public sealed class ControllerUnderChurnTests
{
    /// <summary>
    /// Seeded sequences of session expiries, reconnects, planned moves and delayed deliveries, with the
    /// cluster running between them for a random number of rounds (not always to quiescence).
    /// </summary>
    [Test]
    public void Sessions_expiring_and_leaders_moving_never_show_two_leaders_and_always_end_with_one([Range(0, 39)] int seed)
    {
        var random = new SeededRandom(seed);
        var cluster = new HelixCluster(servers: 4, partitions: 3, replicationFactor: 3);
        for (int op = 0; op < 12; op++)
        {
            int server = random.NextInt(4);
            switch (random.NextInt(4))
            {
                case 0 when cluster.Metadata.IsSessionAlive(cluster.Participants[server].Session!.Value):
                    cluster.ExpireSession(server);
                    break;
                case 1 when !cluster.Metadata.IsSessionAlive(cluster.Participants[server].Session!.Value):
                    cluster.Participants[server].Reconnect();
                    break;
                case 2:
                    cluster.Controller.MoveLeader(HelixCluster.Version, random.NextInt(3), to: null);
                    break;
                case 3:
                    long delay = random.NextInt(50);
                    cluster.Bus.SetDeliveryDelay(m => (m.MessageId * 7 + delay) % 50);
                    break;
            }
            for (int rounds = random.NextInt(6); rounds > 0; rounds--)
            {
                cluster.StepController();
                for (int i = 0; i < 4; i++) cluster.StepServer(i);
            }
        }
        for (int server = 0; server < 4; server++)
        {
            if (!cluster.Metadata.IsSessionAlive(cluster.Participants[server].Session!.Value)) cluster.Participants[server].Reconnect();
        }

        cluster.RunUntilQuiet();

        Assert.That(cluster.Monitor.Violations, Is.Empty, string.Join("\n", cluster.Monitor.Violations));
        for (int partition = 0; partition < 3; partition++)
        {
            Assert.That(cluster.LeadersInExternalView(partition), Has.Length.EqualTo(1), $"partition {partition}");
            Assert.That(cluster.Controller.AssignmentOf(HelixCluster.Version, partition), Has.Count.EqualTo(3));
        }
    }
}
