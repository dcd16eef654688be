using Venice.Core;
using Venice.Core.Helix;
using Venice.Sim.Faults;
using Venice.Sim.InMemory;
using static Venice.Core.Helix.HelixState;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Helix;

public sealed class ParticipantPublishRetryTests
{
    private static readonly StoreVersion Version = new("store", 1);
    private static readonly ServerId Server = new(0);

    [Test]
    public void An_offline_state_that_could_not_be_published_survives_a_repeated_message_and_is_published_once_the_store_is_reachable()
    {
        var shared = new InMemoryMetadataStore();
        var network = new ServerNetwork();
        var clock = new SimClock();
        var participant = new HelixParticipant(Server, new IsolatableMetadataStore(shared, network), new FakeReplicaHost(), clock);
        participant.Start();
        var session = participant.Session!.Value;
        long id = 1;
        void Run(HelixState from, HelixState to)
        {
            participant.Deliver(new HelixTransitionMessage(id++, Version, 0, Server, session, from, to, 0));
            while (participant.HasWork) participant.Step();
        }
        string? published() => shared.TryGet(HelixPaths.CurrentState(Server, Version, 0), out var node) ? node.Data : null;
        Run(OFFLINE, STANDBY);
        Assert.That(published(), Is.EqualTo("STANDBY"));

        network.Isolated = true;
        Run(STANDBY, OFFLINE);
        // The controller still reads STANDBY and sends STANDBY→OFFLINE again: a state mismatch.
        Run(STANDBY, OFFLINE);
        Assert.That(published(), Is.EqualTo("STANDBY"), "nothing reaches the store while isolated");

        network.Isolated = false;
        clock.AdvanceBy(HelixParticipant.PublishRetryIntervalMs);
        while (participant.HasWork) participant.Step();

        Assert.That(published(), Is.EqualTo("OFFLINE"), "the retry published the OFFLINE state the mismatch must not forget");
    }

    [Test]
    public void A_server_started_while_cut_off_from_metadata_registers_its_live_instance_once_it_can()
    {
        var shared = new InMemoryMetadataStore();
        var network = new ServerNetwork { Isolated = true };
        var clock = new SimClock();
        var participant = new HelixParticipant(Server, new IsolatableMetadataStore(shared, network), new FakeReplicaHost(), clock);
        participant.Start();
        bool live() => shared.TryGet(Venice.Core.Reporting.MetadataPaths.LiveInstance(Server), out _);
        Assert.That(live(), Is.False, "the live-instance write cannot land while isolated");
        Assert.That(participant.NextDeadlineMs, Is.EqualTo(clock.NowMs + HelixParticipant.PublishRetryIntervalMs));

        network.Isolated = false;
        clock.AdvanceBy(HelixParticipant.PublishRetryIntervalMs);
        while (participant.HasWork) participant.Step();

        Assert.That(live(), Is.True);
        Assert.That(participant.NextDeadlineMs, Is.Null);
    }
}
