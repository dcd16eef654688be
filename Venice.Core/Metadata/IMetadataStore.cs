namespace Venice.Core.Metadata;

/// <summary>
/// A ZooKeeper-like metadata store: versioned nodes addressed by '/'-separated paths, compare-and-set,
/// sessions whose ephemeral nodes vanish when the session ends, and a change feed (instead of watches)
/// that readers poll from the last sequence they saw.
/// Parents are implicit: a node can be created without creating its parent path first.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Opens a session for an owner (e.g. "server-1"). Sessions are numbered from 1.</summary>
    SessionId OpenSession(string owner);

    bool IsSessionAlive(SessionId session);

    /// <summary>Ends a session (closed or expired): its ephemeral nodes are deleted.</summary>
    void CloseSession(SessionId session);

    bool TryGet(string path, out MetadataNode node);

    /// <summary>Creates a node at version 0. NodeExists if present; SessionExpired if the owner session is dead.</summary>
    MetadataResult Create(string path, string data, SessionId? ephemeralOwner = null);

    /// <summary>Sets data if the node's version equals expectedVersion (or expectedVersion is -1). Version increments.</summary>
    MetadataResult SetData(string path, string data, int expectedVersion);

    /// <summary>Deletes a node if its version matches (or expectedVersion is -1).</summary>
    MetadataResult Delete(string path, int expectedVersion);

    /// <summary>Names (not full paths) of the direct children of a path, sorted ordinally.</summary>
    IReadOnlyList<string> GetChildren(string path);

    /// <summary>Sequence of the last change (0 before any change).</summary>
    long LastChangeSequence { get; }

    /// <summary>Changes with sequence greater than afterSequence, oldest first, at most max of them.</summary>
    IReadOnlyList<MetadataChange> ChangesSince(long afterSequence, int max);
}

/// <summary>A metadata session (ZooKeeper's): ephemeral nodes it owns vanish when it expires.</summary>
public readonly record struct SessionId(long Value)
{
    public override string ToString() => $"session-{Value}";
}

/// <summary>A node as read: its data, version (for compare-and-set) and, if ephemeral, the session owning it.</summary>
public sealed record MetadataNode(string Path, string Data, int Version, SessionId? EphemeralOwner);

/// <summary>How a metadata operation ended.</summary>
public enum MetadataStatus
{
    Ok,
    NoNode,
    NodeExists,
    BadVersion,
    SessionExpired,
    /// <summary>The caller cannot reach the store (an isolated server).</summary>
    Unavailable,
}

/// <summary>A metadata write's status and the node's version after it.</summary>
public readonly record struct MetadataResult(MetadataStatus Status, int Version)
{
    public bool Succeeded => Status == MetadataStatus.Ok;
}

/// <summary>What happened to a node, as the change feed reports it.</summary>
public enum MetadataChangeKind
{
    Created,
    DataChanged,
    Deleted,
}

/// <summary>One entry of the change feed: its sequence, the node and what happened to it.</summary>
public readonly record struct MetadataChange(long Sequence, string Path, MetadataChangeKind Kind);
