using Venice.Core.Metadata;

namespace Venice.Sim.InMemory;

/// <summary>
/// A deterministic in-memory ZooKeeper. Nodes live in ordinal path order; parents are implicit:
/// a path with descendants but no node of its own is not a node (TryGet is false, it has no
/// version) yet its name is listed by <see cref="GetChildren"/> of its parent. A node with
/// children can be deleted; the children stay. Every change goes to a change feed that keeps the
/// last <see cref="DefaultChangeFeedRetention"/> changes (or the retention given at construction).
/// </summary>
public sealed class InMemoryMetadataStore : IMetadataStore
{
    /// <summary>How many of the newest changes the feed keeps unless told otherwise.</summary>
    public const int DefaultChangeFeedRetention = 1_000_000;

    private readonly SortedDictionary<string, StoredNode> _nodes = new(StringComparer.Ordinal);

    // Each parent's child names (implicit parents included), with how many stored paths lie at or
    // under each child, so GetChildren costs a lookup instead of a subtree scan: the Helix controller
    // and the push monitor list the views' children of every partition on every step, and at 256
    // partitions that scan was a third of a whole run. The listing is cached until a name comes or goes.
    private readonly Dictionary<string, ChildNames> _children = new(StringComparer.Ordinal);

    // Looked up by id only; closing a session walks its own sorted ephemeral set.
    private readonly Dictionary<long, SessionState> _sessions = new();
    private readonly ChangeFeed _changes;
    private long _lastSessionId;

    public InMemoryMetadataStore(int changeFeedRetention = DefaultChangeFeedRetention)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(changeFeedRetention);
        _changes = new ChangeFeed(changeFeedRetention);
    }

    public SessionId OpenSession(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var id = new SessionId(++_lastSessionId);
        _sessions.Add(id.Value, new SessionState(owner));
        SessionChanges++;
        return id;
    }

    public bool IsSessionAlive(SessionId session)
    {
        return _sessions.TryGetValue(session.Value, out SessionState? state) && state.Alive;
    }

    /// <summary>Ends a session; its ephemeral nodes are deleted in ordinal path order. Ending a dead session is a no-op.</summary>
    public void CloseSession(SessionId session)
    {
        EndSession(session);
    }

    /// <summary>Fault: the session expires (the store gave up on its owner). Same effect as closing it.</summary>
    public void ExpireSession(SessionId session) => EndSession(session);

    /// <summary>The owner a session was opened for, or null for an unknown session.</summary>
    public string? SessionOwner(SessionId session) =>
        _sessions.TryGetValue(session.Value, out SessionState? state) ? state.Owner : null;

    public bool TryGet(string path, out MetadataNode node)
    {
        ValidatePath(path);
        if (_nodes.TryGetValue(path, out StoredNode? stored))
        {
            node = new MetadataNode(path, stored.Data, stored.Version, stored.EphemeralOwner);
            return true;
        }

        node = null!;
        return false;
    }

    public MetadataResult Create(string path, string data, SessionId? ephemeralOwner = null)
    {
        ValidatePath(path);
        ArgumentNullException.ThrowIfNull(data);
        SessionState? owner = null;
        if (ephemeralOwner is SessionId ownerId
            && (!_sessions.TryGetValue(ownerId.Value, out owner) || !owner.Alive))
        {
            return Failure(MetadataStatus.SessionExpired);
        }

        if (_nodes.ContainsKey(path))
        {
            return Failure(MetadataStatus.NodeExists);
        }

        _nodes.Add(path, new StoredNode(data, ephemeralOwner));
        CountUnderAncestors(path, +1);
        owner?.EphemeralPaths.Add(path);
        _changes.Append(path, MetadataChangeKind.Created);
        return new MetadataResult(MetadataStatus.Ok, 0);
    }

    public MetadataResult SetData(string path, string data, int expectedVersion)
    {
        ValidatePath(path);
        ArgumentNullException.ThrowIfNull(data);
        if (!_nodes.TryGetValue(path, out StoredNode? stored))
        {
            return Failure(MetadataStatus.NoNode);
        }

        if (!VersionMatches(stored, expectedVersion))
        {
            return Failure(MetadataStatus.BadVersion);
        }

        stored.Data = data;
        stored.Version++;
        _changes.Append(path, MetadataChangeKind.DataChanged);
        return new MetadataResult(MetadataStatus.Ok, stored.Version);
    }

    /// <summary>Deletes a node; the result carries the version it had.</summary>
    public MetadataResult Delete(string path, int expectedVersion)
    {
        ValidatePath(path);
        if (!_nodes.TryGetValue(path, out StoredNode? stored))
        {
            return Failure(MetadataStatus.NoNode);
        }

        if (!VersionMatches(stored, expectedVersion))
        {
            return Failure(MetadataStatus.BadVersion);
        }

        if (stored.EphemeralOwner is SessionId owner)
        {
            _sessions[owner.Value].EphemeralPaths.Remove(path);
        }

        RemoveNode(path);
        return new MetadataResult(MetadataStatus.Ok, stored.Version);
    }

    public IReadOnlyList<string> GetChildren(string path)
    {
        bool isRoot = path == "/";
        if (!isRoot)
        {
            ValidatePath(path);
        }

        return _children.TryGetValue(isRoot ? "/" : path, out ChildNames? names) ? names.Listing() : [];
    }

    public long LastChangeSequence
    {
        get
        {
            return _changes.LastSequence;
        }
    }

    /// <summary>
    /// Changes after <paramref name="afterSequence"/>, oldest first. A reader that fell further
    /// behind than the retention gets the oldest retained changes and sees the gap in the sequences.
    /// </summary>
    public IReadOnlyList<MetadataChange> ChangesSince(long afterSequence, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _changes.Since(afterSequence, max);
    }

    /// <summary>Sequence of the oldest change still retained (LastChangeSequence + 1 when none is).</summary>
    public long OldestRetainedSequence => _changes.OldestSequence;

    /// <summary>Every node in path order, for the exhaustive mode's state digest.</summary>
    internal IEnumerable<(string Path, string Data, int Version, long? Owner)> NodesInPathOrder =>
        _nodes.Select(static n => (n.Key, n.Value.Data, n.Value.Version, n.Value.EphemeralOwner?.Value));

    /// <summary>Counts sessions opened and ended: the world loop asks the servers again when it moves (a server notices its session's loss).</summary>
    internal long SessionChanges { get; private set; }

    /// <summary>Every session opened so far and whether it is alive, by id.</summary>
    internal IEnumerable<(long Id, bool Alive)> SessionsById =>
        _sessions.OrderBy(static s => s.Key).Select(static s => (s.Key, s.Value.Alive));

    private void EndSession(SessionId session)
    {
        if (!_sessions.TryGetValue(session.Value, out SessionState? state) || !state.Alive)
        {
            return;
        }

        state.Alive = false;
        SessionChanges++;
        foreach (string path in state.EphemeralPaths)
        {
            RemoveNode(path);
        }

        state.EphemeralPaths.Clear();
    }

    private void RemoveNode(string path)
    {
        _nodes.Remove(path);
        CountUnderAncestors(path, -1);
        _changes.Append(path, MetadataChangeKind.Deleted);
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to the count of the child each ancestor of <paramref name="path"/>
    /// leads to ("/a/b/c": "a" under "/", "b" under "/a", "c" under "/a/b").
    /// </summary>
    private void CountUnderAncestors(string path, int delta)
    {
        int start = 1;
        string parent = "/";
        while (start < path.Length)
        {
            int slash = path.IndexOf('/', start);
            int end = slash < 0 ? path.Length : slash;
            string child = path[start..end];
            if (!_children.TryGetValue(parent, out ChildNames? names))
            {
                names = new ChildNames();
                _children.Add(parent, names);
            }
            names.Add(child, delta);
            if (names.IsEmpty) _children.Remove(parent);
            if (slash < 0) break;
            parent = path[..end];
            start = end + 1;
        }
    }

    private static bool VersionMatches(StoredNode stored, int expectedVersion) =>
        expectedVersion == -1 || expectedVersion == stored.Version;

    private static MetadataResult Failure(MetadataStatus status) => new(status, -1);

    private static void ValidatePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length < 2 || path[0] != '/' || path[^1] == '/' || path.Contains("//", StringComparison.Ordinal) || path.Contains('\0'))
        {
            throw new ArgumentException($"Bad metadata path '{path}': it must start with '/', not end with '/', and have no empty segment.", nameof(path));
        }
    }

    private sealed class StoredNode(string data, SessionId? ephemeralOwner)
    {
        public string Data { get; set; } = data;

        public int Version { get; set; }

        public SessionId? EphemeralOwner { get; } = ephemeralOwner;
    }

    /// <summary>One parent's child names in ordinal order, each with the number of stored paths at or under it.</summary>
    private sealed class ChildNames
    {
        private readonly SortedDictionary<string, int> _pathsUnder = new(StringComparer.Ordinal);
        private IReadOnlyList<string>? _listing;

        public bool IsEmpty => _pathsUnder.Count == 0;

        public void Add(string child, int delta)
        {
            int count = _pathsUnder.GetValueOrDefault(child) + delta;
            if (count > 0)
            {
                if (!_pathsUnder.ContainsKey(child)) _listing = null;
                _pathsUnder[child] = count;
            }
            else
            {
                _pathsUnder.Remove(child);
                _listing = null;
            }
        }

        /// <summary>The names in ordinal order; the same read-only list until a name comes or goes.</summary>
        public IReadOnlyList<string> Listing() => _listing ??= Array.AsReadOnly(_pathsUnder.Keys.ToArray());
    }

    private sealed class SessionState(string owner)
    {
        public string Owner { get; } = owner;

        public bool Alive { get; set; } = true;

        public SortedSet<string> EphemeralPaths { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A ring of the newest changes; sequences are contiguous, so a sequence is an index.</summary>
    private sealed class ChangeFeed(int retention)
    {
        private MetadataChange[] _ring = new MetadataChange[Math.Min(retention, 64)];
        private int _count;
        private int _head;

        public long LastSequence { get; private set; }

        public long OldestSequence => LastSequence - _count + 1;

        public void Append(string path, MetadataChangeKind kind)
        {
            var change = new MetadataChange(++LastSequence, path, kind);
            if (_count < _ring.Length)
            {
                _ring[(_head + _count) % _ring.Length] = change;
                _count++;
                return;
            }

            if (_ring.Length < retention)
            {
                Grow();
                _ring[_count] = change;
                _count++;
                return;
            }

            // Full at the retention bound: the newest change overwrites the oldest.
            _ring[_head] = change;
            _head = (_head + 1) % _ring.Length;
        }

        public IReadOnlyList<MetadataChange> Since(long afterSequence, int max)
        {
            long first = Math.Max(afterSequence + 1, OldestSequence);
            if (first > LastSequence)
            {
                return Array.Empty<MetadataChange>();
            }

            int take = (int)Math.Min(max, LastSequence - first + 1);
            var result = new MetadataChange[take];
            int skip = (int)(first - OldestSequence);
            for (int i = 0; i < take; i++)
            {
                result[i] = _ring[(_head + skip + i) % _ring.Length];
            }

            return result;
        }

        private void Grow()
        {
            var larger = new MetadataChange[(int)Math.Min((long)_ring.Length * 2, retention)];
            for (int i = 0; i < _count; i++)
            {
                larger[i] = _ring[(_head + i) % _ring.Length];
            }

            _ring = larger;
            _head = 0;
        }
    }
}
