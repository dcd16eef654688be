using Venice.Core.Environment;
using Venice.Core.Metadata;
using Venice.Core.Reporting;

namespace Venice.Core.Helix;

/// <summary>
/// A participant's metadata session and what lives in it: the live-instance node that tells Helix the
/// server is there, and the ephemeral current-state nodes of its replicas. Writes fail once the session
/// is gone; a new session republishes from scratch.
/// </summary>
internal sealed class ParticipantSession(ServerId server, IMetadataStore metadata, IClock clock)
{
    private long? liveInstanceRetryAtMs;

    public SessionId? Current { get; private set; }

    /// <summary>When registering the live instance failed and is due again; null when registered.</summary>
    public long? LiveInstanceRetryAtMs => liveInstanceRetryAtMs;

    public bool LiveInstanceRetryDue => liveInstanceRetryAtMs is { } at && at <= clock.NowMs;

    /// <summary>Closes the current session, if any (its ephemeral nodes go with it).</summary>
    public void Close()
    {
        if (Current is { } old) metadata.CloseSession(old);
    }

    /// <summary>Opens a new session and registers the live instance in it.</summary>
    public SessionId Open()
    {
        var session = metadata.OpenSession(server.ToString());
        Current = session;
        RegisterLiveInstance();
        return session;
    }

    /// <summary>
    /// Creates the live-instance node of the current session; a server that cannot reach the metadata
    /// store (restarted while cut off) retries, or Helix would never see it and never assign it again.
    /// </summary>
    public void RegisterLiveInstance()
    {
        if (Current is not { } session) return;
        var result = metadata.Create(MetadataPaths.LiveInstance(server), server.ToString(), session);
        bool registered = result.Succeeded || result.Status == MetadataStatus.NodeExists;
        liveInstanceRetryAtMs = registered ? null : clock.NowMs + HelixParticipant.PublishRetryIntervalMs;
    }

    /// <summary>Writes a replica's current state as an ephemeral node of this session; false if the write failed.</summary>
    public bool Publish(string path, HelixState state)
    {
        if (Current is not { } session) return true;
        if (metadata.TryGet(path, out var node) && node.EphemeralOwner == session)
        {
            return metadata.SetData(path, state.ToString(), -1).Succeeded;
        }
        if (node is not null && !metadata.Delete(path, -1).Succeeded) return false;
        return metadata.Create(path, state.ToString(), session).Succeeded;
    }
}
