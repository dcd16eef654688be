using Venice.Core.Helix;
using Venice.Core.Reporting;
using static Venice.Core.Helix.HelixState;

namespace Venice.Sim.Tests.Helix;

public sealed class ParticipantTransitionTests
{
    [Test]
    public void Each_transition_asks_the_replica_host_for_its_venice_action()
    {
        var h = new ParticipantHarness();

        h.Run(h.Message(OFFLINE, STANDBY));
        h.Run(h.Message(STANDBY, LEADER, term: 42));
        h.Run(h.Message(LEADER, STANDBY));
        h.Run(h.Message(STANDBY, OFFLINE));
        h.Run(h.Message(OFFLINE, DROPPED));

        Assert.That(h.Host.Calls, Is.EqualTo(new[]
        {
            "subscribe store_v1-0", "promote store_v1-0 term=42", "demote store_v1-0", "unsubscribe store_v1-0", "drop store_v1-0",
        }));
    }

    [Test]
    public void The_current_state_node_follows_the_replica_and_is_removed_when_it_is_dropped()
    {
        var h = new ParticipantHarness();

        h.Run(h.Message(OFFLINE, STANDBY));
        Assert.That(h.CurrentStateNode(), Is.EqualTo("STANDBY"));
        h.Run(h.Message(STANDBY, LEADER, term: 1));
        Assert.That(h.CurrentStateNode(), Is.EqualTo("LEADER"));
        h.Run(h.Message(LEADER, STANDBY));
        h.Run(h.Message(STANDBY, OFFLINE));
        Assert.That(h.CurrentStateNode(), Is.EqualTo("OFFLINE"));
        h.Run(h.Message(OFFLINE, DROPPED));
        Assert.That(h.CurrentStateNode(), Is.Null);
        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(OFFLINE));
    }

    [Test]
    public void Dropping_a_replica_asks_ingestion_to_drop_the_partition()
    {
        var h = new ParticipantHarness();
        h.Run(h.Message(OFFLINE, STANDBY));

        h.Run(h.Message(STANDBY, OFFLINE));
        h.Run(h.Message(OFFLINE, DROPPED));

        Assert.That(h.Host.Calls, Has.Some.StartsWith("drop "));
        Assert.That(h.Participant.StateOf(ParticipantHarness.Version, 0), Is.EqualTo(HelixState.DROPPED).Or.EqualTo(HelixState.OFFLINE));
    }

    [Test]
    public void Every_message_run_is_reported_completed_exactly_once()
    {
        var h = new ParticipantHarness();

        var first = h.Run(h.Message(OFFLINE, STANDBY));
        var second = h.Run(h.Message(STANDBY, LEADER, term: 1));

        Assert.That(h.Observer.Events.Where(e => e.StartsWith("completed", StringComparison.Ordinal)),
            Is.EqualTo(new[] { $"completed msg-{first.MessageId}", $"completed msg-{second.MessageId}" }));
    }
}
