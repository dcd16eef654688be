using Venice.Core.Helix;
using Venice.Core.Reporting;
using static Venice.Core.Helix.HelixState;

namespace Venice.Sim.Tests.Helix;

public sealed class ParticipantSessionTests
{
    [Test]
    public void Starting_registers_a_live_instance_owned_by_the_participants_session()
    {
        var h = new ParticipantHarness();

        Assert.That(h.Metadata.TryGet(MetadataPaths.LiveInstance(ParticipantHarness.Server), out var node), Is.True);
        Assert.That(node.EphemeralOwner, Is.EqualTo(h.Participant.Session));
    }

    [Test]
    public void Current_states_are_ephemeral_nodes_of_the_session_and_vanish_when_it_expires()
    {
        var h = new ParticipantHarness();
        h.Run(h.Message(OFFLINE, STANDBY));
        Assert.That(h.CurrentStateNode(), Is.EqualTo("STANDBY"));

        h.Metadata.ExpireSession(h.Participant.Session!.Value);

        Assert.That(h.CurrentStateNode(), Is.Null);
        Assert.That(h.Metadata.TryGet(MetadataPaths.LiveInstance(ParticipantHarness.Server), out _), Is.False);
    }

    [Test]
    public void A_message_addressed_to_an_older_session_is_ignored_after_reconnecting()
    {
        var h = new ParticipantHarness();
        var oldSession = h.Participant.Session!.Value;
        h.Metadata.ExpireSession(oldSession);
        h.Participant.Reconnect();

        var message = h.Run(h.Message(OFFLINE, STANDBY, session: oldSession));

        Assert.That(h.Host.Calls, Is.Empty);
        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(OFFLINE));
        Assert.That(h.Participant.StaleMessages, Is.EqualTo(1));
        Assert.That(h.Observer.Events, Does.Contain($"discarded msg-{message.MessageId} {HelixDiscardReason.StaleSession}"));
    }

    [Test]
    public void Reconnecting_resets_every_replica_to_offline_and_stops_its_ingestion()
    {
        var h = new ParticipantHarness();
        h.Run(h.Message(OFFLINE, STANDBY, partition: 0));
        h.Run(h.Message(STANDBY, LEADER, partition: 0, term: 5));
        h.Run(h.Message(OFFLINE, STANDBY, partition: 1));
        h.Host.Calls.Clear();
        var oldSession = h.Participant.Session;

        h.Participant.Reconnect();

        Assert.That(h.Participant.Session, Is.Not.EqualTo(oldSession));
        Assert.That(h.Participant.States, Is.Empty);
        Assert.That(h.Host.Calls, Is.EqualTo(new[] { "demote store_v1-0", "unsubscribe store_v1-0", "unsubscribe store_v1-1" }));
        Assert.That(h.Metadata.TryGet(MetadataPaths.LiveInstance(ParticipantHarness.Server), out var live), Is.True);
        Assert.That(live.EphemeralOwner, Is.EqualTo(h.Participant.Session));
    }
}
