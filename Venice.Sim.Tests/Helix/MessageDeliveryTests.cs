using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Sim.InMemory;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Helix;

public sealed class MessageDeliveryTests
{
    private static readonly StoreVersion Version = new("store", 1);
    private static readonly ServerId Server = new(0);

    private static HelixTransitionMessage Message(long id, int partition) =>
        new(id, Version, partition, Server, new SessionId(1), HelixState.OFFLINE, HelixState.STANDBY, 0);

    [Test]
    public void A_delayed_message_is_not_delivered_before_its_delivery_time()
    {
        var clock = new SimClock(100);
        var bus = new HelixMessageBus(clock);
        bus.SetDeliveryDelay(_ => 500);

        bus.Send(Message(1, 0));

        Assert.That(bus.HasDeliverable(Server), Is.False);
        Assert.That(bus.NextDeliveryMs(Server), Is.EqualTo(600));
        clock.AdvanceTo(599);
        Assert.That(bus.TryTakeDeliverable(Server, out _), Is.False);
        clock.AdvanceTo(600);
        Assert.That(bus.TryTakeDeliverable(Server, out var delivered), Is.True);
        Assert.That(delivered.MessageId, Is.EqualTo(1));
    }

    [Test]
    public void Different_delays_reorder_deliveries()
    {
        var clock = new SimClock();
        var bus = new HelixMessageBus(clock);
        bus.SetDeliveryDelay(m => m.MessageId == 1 ? 50 : 10);
        bus.Send(Message(1, 0));
        bus.Send(Message(2, 1));

        clock.AdvanceTo(50);
        bus.TryTakeDeliverable(Server, out var first);
        bus.TryTakeDeliverable(Server, out var second);

        Assert.That((first.MessageId, second.MessageId), Is.EqualTo((2L, 1L)));
    }

    [Test]
    public void Held_deliveries_wait_until_the_hold_ends()
    {
        var clock = new SimClock();
        var bus = new HelixMessageBus(clock);
        bus.Send(Message(1, 0));

        bus.DelayDeliveries(untilMs: 300, to: Server);

        Assert.That(bus.HasDeliverable(Server), Is.False);
        Assert.That(bus.NextDeliveryMs(Server), Is.EqualTo(300));
    }

    [Test]
    public void A_message_stays_outstanding_until_it_is_handled()
    {
        var clock = new SimClock();
        var bus = new HelixMessageBus(clock);
        var message = Message(1, 0);
        bus.Send(message);
        bus.TryTakeDeliverable(Server, out _);

        Assert.That(bus.OutstandingFor(message.Replica, message.TargetSession), Is.EqualTo(message));
        bus.MarkHandled(1);
        Assert.That(bus.OutstandingFor(message.Replica, message.TargetSession), Is.Null);
        Assert.That(bus.HandledCount, Is.EqualTo(1));
    }

    [Test]
    public void A_cluster_with_slow_deliveries_still_settles_after_the_delivery_time()
    {
        var cluster = new HelixCluster(servers: 3, partitions: 2, replicationFactor: 3);
        cluster.Bus.SetDeliveryDelay(_ => 1000);

        cluster.RunUntilQuiet();

        Assert.That(cluster.Clock.NowMs, Is.GreaterThanOrEqualTo(2000), "two rounds of messages, each a second late");
        Assert.That(cluster.LeadersInExternalView(0), Has.Length.EqualTo(1));
        Assert.That(cluster.LeadersInExternalView(1), Has.Length.EqualTo(1));
    }

    [Test]
    public void Reversed_deliveries_take_the_due_messages_newest_first_until_the_window_ends()
    {
        var clock = new SimClock();
        var bus = new HelixMessageBus(clock);
        bus.ReverseDeliveries(untilMs: 100);
        bus.Send(Message(1, 0));
        bus.Send(Message(2, 1));
        bus.Send(Message(3, 2));

        bus.TryTakeDeliverable(Server, out var first);
        clock.AdvanceTo(100);
        bus.TryTakeDeliverable(Server, out var second);
        bus.TryTakeDeliverable(Server, out var third);

        Assert.That((first.MessageId, second.MessageId, third.MessageId), Is.EqualTo((3L, 1L, 2L)));
    }
}
