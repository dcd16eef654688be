using Venice.Core.Helix;
using static Venice.Core.Helix.HelixState;

namespace Venice.Sim.Tests.Helix;

/// <summary>The participant itself acknowledges every message it is done with, whatever observes it.</summary>
public sealed class ParticipantAcknowledgementTests
{
    [Test]
    public void A_completed_transition_is_acknowledged_once()
    {
        var h = new ParticipantHarness();

        var message = h.Run(h.Message(OFFLINE, STANDBY));

        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(STANDBY));
        Assert.That(h.Queue.Acknowledged, Is.EqualTo(new[] { message.MessageId }));
    }

    [Test]
    public void A_discarded_message_is_acknowledged_too_so_Helix_does_not_deliver_it_forever()
    {
        var h = new ParticipantHarness();

        var message = h.Run(h.Message(STANDBY, LEADER, term: 3));

        Assert.That(h.Participant.RejectedMessages, Is.EqualTo(1));
        Assert.That(h.Queue.Acknowledged, Is.EqualTo(new[] { message.MessageId }));
    }

    [Test]
    public void Acknowledgement_does_not_depend_on_an_observer()
    {
        var h = new ParticipantHarness();
        var queue = new RecordingMessageQueue();
        var participant = new HelixParticipant(ParticipantHarness.Server, new Venice.Sim.InMemory.InMemoryMetadataStore(), h.Host, h.Clock, observer: null, messages: queue);
        participant.Start();
        var message = new HelixTransitionMessage(1, ParticipantHarness.Version, 0, ParticipantHarness.Server, participant.Session!.Value, OFFLINE, STANDBY, 0);

        Assert.That(participant.Deliver(message), Is.True);
        while (participant.HasWork) participant.Step();

        Assert.That(queue.Acknowledged, Is.EqualTo(new[] { 1L }));
    }
}
