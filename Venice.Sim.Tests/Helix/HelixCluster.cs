using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Observability;
using Venice.Sim.InMemory;
using Venice.Sim.Invariants;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Helix;

/// <summary>
/// A Helix controller and N participants with fake hosts on one metadata store and one message bus,
/// stepped in a fixed order: the controller, then each server (deliveries first). No ingestion.
/// </summary>
public sealed class HelixCluster
{
    public static readonly StoreVersion Version = new("store", 1);

    public HelixCluster(int servers, int partitions, int replicationFactor)
    {
        Context = new SimContext(Clock);
        Monitor = new InvariantMonitor(Context, _ => false);
        Bus = new HelixMessageBus(Clock);
        for (int i = 0; i < servers; i++)
        {
            var host = new FakeReplicaHost();
            Hosts.Add(host);
            var participant = new HelixParticipant(new ServerId(i), Metadata, host, Clock,
                new HelixParticipantEvents(NullWritePathObserver.Instance, Monitor.HelixListener), messages: Bus);
            participant.Start();
            Participants.Add(participant);
        }
        Controller = new HelixControllerActor(Metadata, Bus, Clock, NullWritePathObserver.Instance, Monitor.HelixListener);
        Controller.AddResource(Version, partitions, replicationFactor);
        Partitions = partitions;
    }

    public int Partitions { get; }
    public SimClock Clock { get; } = new();
    public SimContext Context { get; }
    public InMemoryMetadataStore Metadata { get; } = new();
    public InvariantMonitor Monitor { get; }
    public HelixMessageBus Bus { get; }
    public List<FakeReplicaHost> Hosts { get; } = new();
    public List<HelixParticipant> Participants { get; } = new();
    public HelixControllerActor Controller { get; }

    /// <summary>Servers that take no deliveries and do not step (paused), by id.</summary>
    public SortedSet<int> Paused { get; } = new();

    public void StepController()
    {
        if (Controller.HasWork) Controller.Step();
        Clock.AdvanceBy(1);
    }

    /// <summary>Lets one server take its due messages and handle all of them.</summary>
    public void StepServer(int server)
    {
        var participant = Participants[server];
        while (Bus.TryTakeDeliverable(participant.Server, out var message)) participant.Deliver(message);
        while (participant.HasWork) participant.Step();
        Clock.AdvanceBy(1);
    }

    /// <summary>Rounds of controller then servers until nobody has work and no delivery is pending.</summary>
    public void RunUntilQuiet(int maxRounds = 1000)
    {
        for (int round = 0; round < maxRounds; round++)
        {
            bool worked = false;
            if (Controller.HasWork)
            {
                Controller.Step();
                worked = true;
            }
            for (int i = 0; i < Participants.Count; i++)
            {
                if (Paused.Contains(i)) continue;
                if (Bus.HasDeliverable(Participants[i].Server) || Participants[i].HasWork)
                {
                    StepServer(i);
                    worked = true;
                }
            }
            Clock.AdvanceBy(1);
            if (worked) continue;
            long? next = Participants.Where((_, i) => !Paused.Contains(i))
                .Select(p => Bus.NextDeliveryMs(p.Server)).Where(t => t is not null).Min();
            if (next is null) return;
            Clock.AdvanceTo(Math.Max(next.Value, Clock.NowMs));
        }
        Assert.Fail($"the Helix cluster did not quiesce within {maxRounds} rounds");
    }

    public IReadOnlyDictionary<ServerId, HelixState> ExternalView(int partition) => Controller.ExternalViewOf(Version, partition);

    public ServerId[] LeadersInExternalView(int partition) =>
        ExternalView(partition).Where(e => e.Value == HelixState.LEADER).Select(e => e.Key).ToArray();

    public ServerId LeaderOf(int partition)
    {
        var leaders = LeadersInExternalView(partition);
        Assert.That(leaders, Has.Length.EqualTo(1), $"partition {partition} leaders in EV");
        return leaders[0];
    }

    public void ExpireSession(int server) => Metadata.ExpireSession(Participants[server].Session!.Value);
}
