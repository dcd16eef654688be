namespace Venice.Core.Helix;

/// <summary>
/// Where a participant's transition messages live (in Helix, message nodes under the instance in
/// ZooKeeper). The participant acknowledges each message once it is done with it, completed, failed or
/// discarded, as a Helix participant deletes the message node; until then Helix may deliver it again.
/// This is a port of the participant, not an observer: acknowledging changes what Helix does next.
/// </summary>
public interface IHelixMessageQueue
{
    /// <summary>The participant is done with <paramref name="message"/>: remove it from the queue.</summary>
    void Acknowledge(HelixTransitionMessage message);
}
