using Venice.Core.Helix;
using static Venice.Core.Helix.HelixState;

namespace Venice.Sim.Tests.Helix;

public sealed class ParticipantErrorTests
{
    [Test]
    public void A_standby_whose_ingestion_errors_goes_to_error()
    {
        var h = new ParticipantHarness();
        h.Run(h.Message(OFFLINE, STANDBY));

        h.Host.SetProgress(ParticipantHarness.Version, 0, ReplicaProgress.Errored);
        Assert.That(h.Participant.HasWork, Is.True);
        h.RunUntilIdle();

        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(ERROR));
        Assert.That(h.CurrentStateNode(), Is.EqualTo("ERROR"));
        Assert.That(h.Observer.Events, Does.Contain("state store_v1-0@server-0 STANDBY->ERROR"));
    }

    [Test]
    public void An_errored_replica_can_only_be_dropped_or_reset()
    {
        var h = new ParticipantHarness();
        h.Run(h.Message(OFFLINE, STANDBY));
        h.Host.SetProgress(ParticipantHarness.Version, 0, ReplicaProgress.Errored);
        h.RunUntilIdle();

        var promote = h.Run(h.Message(STANDBY, LEADER, term: 1));
        h.Run(h.Message(ERROR, DROPPED));

        Assert.That(h.Observer.Events, Does.Contain($"discarded msg-{promote.MessageId} {HelixDiscardReason.StateMismatch}"));
        Assert.That(h.Host.Calls, Is.EqualTo(new[] { "subscribe store_v1-0", "drop store_v1-0" }));
        Assert.That(h.CurrentStateNode(), Is.Null);
    }

    [Test]
    public void Checking_for_work_changes_nothing()
    {
        var h = new ParticipantHarness();
        h.Run(h.Message(OFFLINE, STANDBY));
        h.Host.SetProgress(ParticipantHarness.Version, 0, ReplicaProgress.Errored);

        for (int i = 0; i < 3; i++) Assert.That(h.Participant.HasWork, Is.True);

        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(STANDBY));
    }
}
