using Venice.Core.Helix;
using static Venice.Core.Helix.HelixState;

namespace Venice.Sim.Tests.Helix;

public sealed class ParticipantBootstrapLatchTests
{
    [Test]
    public void Offline_to_standby_of_the_current_version_waits_until_the_replica_completes()
    {
        var h = new ParticipantHarness();
        h.MakeCurrentVersion();

        var message = h.Run(h.Message(OFFLINE, STANDBY));

        Assert.That(h.Host.Calls, Is.EqualTo(new[] { "subscribe store_v1-0" }));
        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(OFFLINE));
        Assert.That(h.Participant.IsBootstrapping(ParticipantHarness.Version, 0), Is.True);
        Assert.That(h.Observer.Events, Does.Not.Contain($"completed msg-{message.MessageId}"));

        h.Host.SetProgress(ParticipantHarness.Version, 0, ReplicaProgress.Completed);
        Assert.That(h.Participant.HasWork, Is.True);
        h.RunUntilIdle();

        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(STANDBY));
        Assert.That(h.CurrentStateNode(), Is.EqualTo("STANDBY"));
        Assert.That(h.Observer.Events, Does.Contain($"completed msg-{message.MessageId}"));
    }

    [Test]
    public void Offline_to_standby_of_a_version_being_pushed_completes_at_once()
    {
        var h = new ParticipantHarness();

        h.Run(h.Message(OFFLINE, STANDBY));

        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(STANDBY));
        Assert.That(h.Participant.IsBootstrapping(ParticipantHarness.Version, 0), Is.False);
    }

    [Test]
    public void A_bootstrap_that_errors_fails_the_transition_into_error()
    {
        var h = new ParticipantHarness();
        h.MakeCurrentVersion();
        var message = h.Run(h.Message(OFFLINE, STANDBY));

        h.Host.SetProgress(ParticipantHarness.Version, 0, ReplicaProgress.Errored);
        h.RunUntilIdle();

        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(ERROR));
        Assert.That(h.CurrentStateNode(), Is.EqualTo("ERROR"));
        Assert.That(h.Observer.Events, Does.Contain($"failed msg-{message.MessageId}"));
    }

    [Test]
    public void A_bootstrap_latch_gives_up_after_twenty_four_hours_with_error()
    {
        var h = new ParticipantHarness();
        h.MakeCurrentVersion();
        h.Run(h.Message(OFFLINE, STANDBY));
        Assert.That(h.Participant.NextDeadlineMs, Is.EqualTo(HelixParticipant.BootstrapTimeoutMs));

        h.Clock.AdvanceTo(HelixParticipant.BootstrapTimeoutMs);
        h.RunUntilIdle();

        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(ERROR));
        Assert.That(h.Participant.NextDeadlineMs, Is.Null);
    }
}
