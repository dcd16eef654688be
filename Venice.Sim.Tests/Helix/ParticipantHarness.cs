using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Helix;

/// <summary>The participant's message queue: the ids it acknowledged, in order.</summary>
public sealed class RecordingMessageQueue : IHelixMessageQueue
{
    public List<long> Acknowledged { get; } = new();

    public void Acknowledge(HelixTransitionMessage message) => Acknowledged.Add(message.MessageId);
}

/// <summary>One participant on server-0 with a fake host, fed messages by hand.</summary>
public sealed class ParticipantHarness
{
    public static readonly StoreVersion Version = new("store", 1);
    public static readonly ServerId Server = new(0);

    private long nextMessageId = 1;

    public ParticipantHarness()
    {
        Participant = new HelixParticipant(Server, Metadata, Host, Clock, Observer, Queue);
        Participant.Start();
    }

    public InMemoryMetadataStore Metadata { get; } = new();
    public SimClock Clock { get; } = new();
    public FakeReplicaHost Host { get; } = new();
    public RecordingParticipantObserver Observer { get; } = new();
    public RecordingMessageQueue Queue { get; } = new();
    public HelixParticipant Participant { get; }

    /// <summary>Makes version 1 the store's current version, so OFFLINE→STANDBY waits on the bootstrap latch.</summary>
    public void MakeCurrentVersion() => Metadata.Create(MetadataPaths.CurrentVersion(Version.Store), "1");

    public HelixTransitionMessage Message(HelixState from, HelixState to, int partition = 0, SessionId? session = null, long term = 0) =>
        new(nextMessageId++, Version, partition, Server, session ?? Participant.Session!.Value, from, to, term);

    /// <summary>Delivers the message and steps until the participant has nothing left to do.</summary>
    public HelixTransitionMessage Run(HelixTransitionMessage message)
    {
        Assert.That(Participant.Deliver(message), Is.True);
        RunUntilIdle();
        return message;
    }

    public void RunUntilIdle()
    {
        for (int guard = 0; Participant.HasWork; guard++)
        {
            Assert.That(guard, Is.LessThan(1000), "participant never went idle");
            Participant.Step();
        }
    }

    public string? CurrentStateNode(int partition = 0) =>
        Metadata.TryGet(HelixPaths.CurrentState(Server, Version, partition), out var node) ? node.Data : null;
}
