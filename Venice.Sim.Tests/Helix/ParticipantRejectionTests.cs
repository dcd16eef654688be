using Venice.Core.Helix;
using static Venice.Core.Helix.HelixState;

namespace Venice.Sim.Tests.Helix;

public sealed class ParticipantRejectionTests
{
    [Test]
    public void A_message_whose_from_state_is_not_the_replicas_state_is_rejected_counted_and_reported()
    {
        var h = new ParticipantHarness();

        var message = h.Run(h.Message(STANDBY, LEADER, term: 3));

        Assert.That(h.Host.Calls, Is.Empty);
        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(OFFLINE));
        Assert.That(h.Participant.RejectedMessages, Is.EqualTo(1));
        Assert.That(h.Observer.Events, Does.Contain($"discarded msg-{message.MessageId} {HelixDiscardReason.StateMismatch}"));
    }

    [Test]
    public void A_transition_outside_the_table_is_reported_as_illegal_and_not_run()
    {
        var h = new ParticipantHarness();

        var message = h.Run(h.Message(OFFLINE, LEADER, term: 3));

        Assert.That(h.Host.Calls, Is.Empty);
        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(OFFLINE));
        Assert.That(h.Observer.Events, Does.Contain($"discarded msg-{message.MessageId} {HelixDiscardReason.IllegalTransition}"));
    }

    [Test]
    public void A_message_for_a_replica_still_bootstrapping_is_rejected_as_in_progress()
    {
        var h = new ParticipantHarness();
        h.MakeCurrentVersion();
        h.Run(h.Message(OFFLINE, STANDBY));

        var second = h.Run(h.Message(OFFLINE, STANDBY));

        Assert.That(h.Observer.Events, Does.Contain($"discarded msg-{second.MessageId} {HelixDiscardReason.TransitionInProgress}"));
        Assert.That(h.Host.Calls, Is.EqualTo(new[] { "subscribe store_v1-0" }));
    }

    [Test]
    public void Delivery_beyond_the_inbox_bound_is_refused()
    {
        var h = new ParticipantHarness();
        for (int i = 0; i < HelixParticipant.MaxInboxMessages; i++)
        {
            Assert.That(h.Participant.Deliver(h.Message(OFFLINE, STANDBY, partition: i)), Is.True);
        }

        Assert.That(h.Participant.Deliver(h.Message(OFFLINE, STANDBY)), Is.False);
    }
}
