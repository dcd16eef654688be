using Venice.Core;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;

namespace Venice.Sim.World;

/// <summary>
/// Carries Helix transition messages from the controller to the participants. Each message gets a
/// delivery time on the sim clock when it is sent (now plus the delivery delay, zero unless a fault
/// sets one); a server takes its messages in (delivery time, send order) order, so different delays
/// reorder them, as ZooKeeper watches firing late would. A message is outstanding from its send until
/// the participant is done with it (ran, failed or discarded it); the controller waits on outstanding
/// messages as Helix waits for a message node to be deleted.
/// </summary>
public sealed class HelixMessageBus : IHelixMessageQueue
{
    /// <summary>Bound on messages sent and not yet handled; a controller that exceeds it is looping.</summary>
    public const int MaxOutstandingMessages = 65_536;

    private readonly IClock clock;
    private readonly SortedDictionary<long, Envelope> outstanding = new();
    private readonly SortedDictionary<ServerId, SortedSet<(long DeliverAtMs, long MessageId)>> inTransit = new();
    private readonly SortedDictionary<ServerId, long> heldUntilMs = new();
    private Func<HelixTransitionMessage, long>? deliveryDelayMs;
    private long heldForAllUntilMs;
    private long reversedUntilMs;

    public HelixMessageBus(IClock clock) => this.clock = clock;

    /// <summary>The world loop's ready set: a message sent to, taken by or handled for a server wakes that server.</summary>
    internal ActorReadiness? Readiness { get; init; }

    private void Woke(ServerId server) => Readiness?.MarkServerDirty(server.Value);

    private void WokeEveryone() => Readiness?.InvalidateAll();

    private sealed class Envelope(HelixTransitionMessage message, long deliverAtMs)
    {
        public HelixTransitionMessage Message { get; } = message;
        public long DeliverAtMs { get; } = deliverAtMs;

        /// <summary>Taken by the participant's server (in its inbox), not yet handled.</summary>
        public bool Delivered { get; set; }
    }

    /// <summary>Incremented whenever a message is handled, so the controller knows to look again.</summary>
    public long HandledCount { get; private set; }

    public int OutstandingCount => outstanding.Count;

    /// <summary>Fault hook: the delay (ms, not negative) of each message from now on; null restores zero.</summary>
    public void SetDeliveryDelay(Func<HelixTransitionMessage, long>? delayMs)
    {
        deliveryDelayMs = delayMs;
        WokeEveryone();
    }

    /// <summary>Fault hook: nothing in transit (to one server, or to all) is delivered before <paramref name="untilMs"/>.</summary>
    public void DelayDeliveries(long untilMs, ServerId? to = null)
    {
        if (to is { } server)
        {
            heldUntilMs.TryGetValue(server, out long held);
            heldUntilMs[server] = Math.Max(held, untilMs);
        }
        else
        {
            heldForAllUntilMs = Math.Max(heldForAllUntilMs, untilMs);
        }
        WokeEveryone();
    }

    /// <summary>
    /// Fault hook: until <paramref name="untilMs"/>, a server takes the newest of its deliverable messages
    /// first, so messages due together arrive in reverse order (ZooKeeper watches are unordered across nodes).
    /// </summary>
    public void ReverseDeliveries(long untilMs)
    {
        reversedUntilMs = Math.Max(reversedUntilMs, untilMs);
        WokeEveryone();
    }

    /// <summary>Whether deliveries are being reversed now.</summary>
    public bool Reversing => clock.NowMs < reversedUntilMs;

    /// <summary>Called with each message as its server takes it (the TransitionDelivered milestone).</summary>
    public Action<HelixTransitionMessage>? OnDelivered { get; set; }

    /// <summary>Heal: every delivery hold and reversal ends now (delays already stamped on messages in transit remain).</summary>
    public void ReleaseHolds()
    {
        heldUntilMs.Clear();
        heldForAllUntilMs = 0;
        reversedUntilMs = 0;
        WokeEveryone();
    }

    public void Send(HelixTransitionMessage message)
    {
        if (outstanding.Count >= MaxOutstandingMessages)
        {
            throw new InvalidOperationException($"more than {MaxOutstandingMessages} Helix messages outstanding");
        }
        long delay = deliveryDelayMs?.Invoke(message) ?? 0;
        if (delay < 0) throw new InvalidOperationException($"negative delivery delay {delay} for {message}");
        long deliverAt = clock.NowMs + delay;
        outstanding.Add(message.MessageId, new Envelope(message, deliverAt));
        if (!inTransit.TryGetValue(message.Target, out var queue))
        {
            queue = new SortedSet<(long, long)>();
            inTransit.Add(message.Target, queue);
        }
        queue.Add((deliverAt, message.MessageId));
        Woke(message.Target);
    }

    /// <summary>Whether a message for the server can be delivered now. Reads only.</summary>
    public bool HasDeliverable(ServerId server) => NextDeliveryMs(server) is { } at && at <= clock.NowMs;

    /// <summary>When the server's next message can be delivered (holds included), or null if none is in transit.</summary>
    public long? NextDeliveryMs(ServerId server)
    {
        if (!inTransit.TryGetValue(server, out var queue) || queue.Count == 0) return null;
        heldUntilMs.TryGetValue(server, out long held);
        return Math.Max(queue.Min.DeliverAtMs, Math.Max(held, heldForAllUntilMs));
    }

    /// <summary>Takes the server's next message if it can be delivered now.</summary>
    public bool TryTakeDeliverable(ServerId server, out HelixTransitionMessage message)
    {
        message = null!;
        if (!HasDeliverable(server)) return false;
        var queue = inTransit[server];
        // Reversed: the latest-sent of the messages due now; otherwise the earliest.
        var first = Reversing ? queue.GetViewBetween(queue.Min, (clock.NowMs, long.MaxValue)).Max : queue.Min;
        queue.Remove(first);
        var envelope = outstanding[first.MessageId];
        envelope.Delivered = true;
        message = envelope.Message;
        Woke(server);
        OnDelivered?.Invoke(message);
        return true;
    }

    /// <summary>Puts a taken message back at the head of the server's queue (its inbox was full).</summary>
    public void ReturnUndelivered(HelixTransitionMessage message)
    {
        var envelope = outstanding[message.MessageId];
        envelope.Delivered = false;
        inTransit[message.Target].Add((envelope.DeliverAtMs, message.MessageId));
        Woke(message.Target);
    }

    /// <summary>The participant is done with the message.</summary>
    /// <inheritdoc />
    public void Acknowledge(HelixTransitionMessage message) => MarkHandled(message.MessageId);

    public void MarkHandled(long messageId)
    {
        if (!outstanding.Remove(messageId, out var envelope))
        {
            throw new InvalidOperationException($"msg-{messageId} handled twice or never sent");
        }
        if (!envelope.Delivered) inTransit[envelope.Message.Target].Remove((envelope.DeliverAtMs, messageId));
        HandledCount++;
        Woke(envelope.Message.Target);
    }

    /// <summary>
    /// The oldest message for the replica still outstanding and addressed to <paramref name="session"/>.
    /// Messages to older sessions do not count: their participant is gone and will ignore them.
    /// </summary>
    public HelixTransitionMessage? OutstandingFor(ReplicaId replica, SessionId session)
    {
        foreach (var envelope in outstanding.Values)
        {
            var message = envelope.Message;
            if (message.TargetSession == session && message.Replica == replica) return message;
        }
        return null;
    }

    /// <summary>Every outstanding message, oldest first.</summary>
    public IReadOnlyList<HelixTransitionMessage> Outstanding => outstanding.Values.Select(e => e.Message).ToArray();
}
