using Venice.Core.Environment;
using Venice.Core.Metadata;
using Venice.Core.Reporting;

namespace Venice.Core.Helix;

/// <summary>
/// One server's Helix participant (Venice's HelixParticipationService with its
/// LeaderFollowerPartitionStateModel per replica). It takes transition messages from a bounded inbox,
/// runs each through the LeaderStandby table, asks the server's ingestion to act through
/// <see cref="IReplicaHost"/>, and publishes every replica's current state as an ephemeral node of its
/// metadata session, as Helix does. A replica with no entry is OFFLINE.
/// </summary>
public sealed class HelixParticipant
{
    /// <summary>Bound on messages waiting in the inbox; the controller has at most one in flight per replica.</summary>
    public const int MaxInboxMessages = 1024;

    /// <summary>Venice's bootstrap latch gives up after 24 h and reports ERROR.</summary>
    public const long BootstrapTimeoutMs = 24L * 60 * 60 * 1000;

    private readonly IMetadataStore metadata;
    private readonly IReplicaHost host;
    private readonly IClock clock;
    private readonly IHelixParticipantObserver observer;
    private readonly IHelixMessageQueue? messages;
    private readonly Queue<HelixTransitionMessage> inbox = new();
    private readonly SortedDictionary<ReplicaKey, Replica> replicas = new();

    // The replicas in key order, rebuilt when one comes or goes: HasWork and NextDeadlineMs walk them
    // whenever the server's readiness is recomputed, and walking a SortedDictionary allocates its
    // enumerator's stack each time.
    private Replica[] replicasInOrder = [];
    private readonly ParticipantSession session;
    private readonly bool runStaleMessages;

    /// <param name="messages">Where the participant acknowledges the messages it is done with; none in unit tests that deliver by hand.</param>
    /// <param name="defects">Seeded defects (docs/defects.md); the participant honours <c>run-stale-session-message</c>.</param>
    public HelixParticipant(ServerId server, IMetadataStore metadata, IReplicaHost host, IClock clock,
        IHelixParticipantObserver? observer = null, IHelixMessageQueue? messages = null, Defects.SeededDefects? defects = null)
    {
        this.messages = messages;
        runStaleMessages = defects?.RunStaleSessionMessage == true;
        Server = server;
        this.metadata = metadata;
        this.host = host;
        this.clock = clock;
        this.observer = observer ?? NullHelixParticipantObserver.Instance;
        session = new ParticipantSession(server, metadata, clock);
    }

    /// <summary>Replicas are keyed by resource then partition, so every walk over them is in a fixed order.</summary>
    private readonly record struct ReplicaKey(string Resource, int Partition) : IComparable<ReplicaKey>
    {
        public int CompareTo(ReplicaKey other)
        {
            int byResource = string.CompareOrdinal(Resource, other.Resource);
            return byResource != 0 ? byResource : Partition.CompareTo(other.Partition);
        }
    }

    private sealed class Replica(StoreVersion version, int partition)
    {
        public StoreVersion Version { get; } = version;
        public int Partition { get; } = partition;
        public HelixState State { get; set; } = HelixState.OFFLINE;

        /// <summary>An OFFLINE→STANDBY held by the bootstrap latch, and when the latch gives up.</summary>
        public HelixTransitionMessage? PendingBootstrap { get; set; }
        public long BootstrapDeadlineMs { get; set; }

        /// <summary>Set when publishing the current state failed (the server could not reach metadata): retry then.</summary>
        public long? PublishRetryAtMs { get; set; }
    }

    /// <summary>How long a participant waits before retrying a current-state write that failed.</summary>
    public const long PublishRetryIntervalMs = 1_000;

    public ServerId Server { get; }

    /// <summary>The metadata session this participant's live instance and current states belong to.</summary>
    public SessionId? Session => session.Current;

    /// <summary>Messages dropped because their from-state was not the replica's state (or a transition was in progress).</summary>
    public int RejectedMessages { get; private set; }

    /// <summary>Messages dropped because they were addressed to an older session.</summary>
    public int StaleMessages { get; private set; }

    public int InboxCount => inbox.Count;

    /// <summary>Opens the metadata session and registers the live instance. Called once, before any message.</summary>
    public void Start()
    {
        if (Session is not null) throw new InvalidOperationException($"participant {Server} already started");
        OpenSession();
    }

    /// <summary>
    /// After the session expired (or to force one): a new session and live instance. Helix resets every
    /// replica on the server to OFFLINE (Venice stops their ingestion) and the controller re-sends the
    /// transitions against the new session; messages for the old session are ignored from now on.
    /// </summary>
    public void Reconnect()
    {
        session.Close();
        foreach (var replica in replicas.Values)
        {
            var replicaId = IdOf(replica);
            if (replica.PendingBootstrap is { } pending)
            {
                replica.PendingBootstrap = null;
                messages?.Acknowledge(pending);
                observer.TransitionFailed(pending, "session reset");
            }
            if (replica.State == HelixState.LEADER) host.DemoteToStandby(replica.Version, replica.Partition);
            // Reset stops ingestion whatever the state; an OFFLINE replica may still be subscribed by a latch.
            host.Unsubscribe(replica.Version, replica.Partition);
            if (replica.State != HelixState.OFFLINE) observer.ReplicaStateChanged(replicaId, replica.State, HelixState.OFFLINE, "session reset");
        }
        replicas.Clear();
        replicasInOrder = [];
        OpenSession();
    }

    /// <summary>Queues a message. False when the inbox is full: the sender keeps it and tries later.</summary>
    public bool Deliver(HelixTransitionMessage message)
    {
        if (message.Target != Server) throw new ArgumentException($"{message} is not for {Server}", nameof(message));
        if (inbox.Count >= MaxInboxMessages) return false;
        inbox.Enqueue(message);
        return true;
    }

    public HelixState StateOf(StoreVersion version, int partition) =>
        replicas.TryGetValue(new ReplicaKey(version.VersionTopic, partition), out var replica) ? replica.State : HelixState.OFFLINE;

    /// <summary>Whether an OFFLINE→STANDBY of this replica is waiting on the bootstrap latch.</summary>
    public bool IsBootstrapping(StoreVersion version, int partition) =>
        replicas.TryGetValue(new ReplicaKey(version.VersionTopic, partition), out var replica) && replica.PendingBootstrap is not null;

    /// <summary>Every replica not OFFLINE, with its state, in resource then partition order.</summary>
    public IReadOnlyList<(ReplicaId Replica, HelixState State)> States =>
        replicas.Values.Where(r => r.State != HelixState.OFFLINE).Select(r => (IdOf(r), r.State)).ToArray();

    /// <summary>True when a step would do something. Reads only.</summary>
    public bool HasWork
    {
        get
        {
            if (inbox.Count > 0) return true;
            if (session.LiveInstanceRetryDue) return true;
            foreach (var replica in replicasInOrder)
            {
                if (replica.PublishRetryAtMs is { } retry && retry <= clock.NowMs) return true;
                if (replica.PendingBootstrap is not null ? LatchResolved(replica) : HostFailed(replica)) return true;
            }
            return false;
        }
    }

    /// <summary>The earliest bootstrap latch timeout, if any replica is waiting on one.</summary>
    public long? NextDeadlineMs
    {
        get
        {
            long? next = session.LiveInstanceRetryAtMs;
            foreach (var replica in replicasInOrder)
            {
                if (replica.PublishRetryAtMs is { } retry && (next is null || retry < next)) next = retry;
                if (replica.PendingBootstrap is not null && (next is null || replica.BootstrapDeadlineMs < next)) next = replica.BootstrapDeadlineMs;
            }
            return next;
        }
    }

    /// <summary>
    /// One unit of work: finish a bootstrap latch that resolved, else move a failed replica to ERROR,
    /// else handle the oldest message. Returns whether anything happened.
    /// </summary>
    public bool Step()
    {
        if (session.LiveInstanceRetryDue)
        {
            session.RegisterLiveInstance();
            return true;
        }
        foreach (var replica in replicas.Values)
        {
            if (replica.PublishRetryAtMs is { } retry && retry <= clock.NowMs)
            {
                Republish(replica);
                return true;
            }
        }
        foreach (var replica in replicas.Values)
        {
            if (replica.PendingBootstrap is not null && LatchResolved(replica))
            {
                FinishBootstrap(replica);
                return true;
            }
        }
        foreach (var replica in replicas.Values)
        {
            if (replica.PendingBootstrap is null && HostFailed(replica))
            {
                SetState(replica, HelixState.ERROR, "ingestion errored");
                return true;
            }
        }
        if (inbox.Count == 0) return false;
        Handle(inbox.Dequeue());
        return true;
    }

    private void Handle(HelixTransitionMessage message)
    {
        // Helix's fencing (HelixTaskExecutor checks the message's tgtSessionId against the manager's session):
        // a message for a session this participant no longer has was meant for a replica state Helix has since reset.
        bool stale = Session is not { } current || message.TargetSession != current || !metadata.IsSessionAlive(current);
        if (stale && !runStaleMessages) // DEFECT run-stale-session-message: the check is skipped
        {
            StaleMessages++;
            messages?.Acknowledge(message);
            observer.MessageDiscarded(message, HelixDiscardReason.StaleSession, StateOf(message.Version, message.Partition));
            return;
        }
        var replica = ReplicaFor(message.Version, message.Partition);
        if (replica.PendingBootstrap is not null)
        {
            RejectedMessages++;
            messages?.Acknowledge(message);
            observer.MessageDiscarded(message, HelixDiscardReason.TransitionInProgress, replica.State);
            return;
        }
        if (message.From != replica.State)
        {
            RejectedMessages++;
            messages?.Acknowledge(message);
            observer.MessageDiscarded(message, HelixDiscardReason.StateMismatch, replica.State);
            ForgetIfOffline(replica);
            return;
        }
        if (!HelixTransitions.IsLegal(message.From, message.To))
        {
            RejectedMessages++;
            messages?.Acknowledge(message);
            observer.MessageDiscarded(message, HelixDiscardReason.IllegalTransition, replica.State);
            ForgetIfOffline(replica);
            return;
        }
        Run(replica, message);
    }

    private void Run(Replica replica, HelixTransitionMessage message)
    {
        var (version, partition) = (replica.Version, replica.Partition);
        switch ((message.From, message.To))
        {
            case (HelixState.OFFLINE, HelixState.STANDBY):
                host.Subscribe(version, partition);
                if (NeedsBootstrapLatch(version))
                {
                    // Venice blocks the transition until the replica is ready to serve, so a current
                    // version never gains a STANDBY that cannot serve.
                    replica.PendingBootstrap = message;
                    replica.BootstrapDeadlineMs = clock.NowMs + BootstrapTimeoutMs;
                    return;
                }
                break;
            case (HelixState.STANDBY, HelixState.LEADER):
                host.PromoteToLeader(version, partition, message.Term);
                break;
            case (HelixState.LEADER, HelixState.STANDBY):
                host.DemoteToStandby(version, partition);
                break;
            case (HelixState.STANDBY, HelixState.OFFLINE):
                host.Unsubscribe(version, partition);
                break;
            case (HelixState.OFFLINE, HelixState.DROPPED):
            case (HelixState.ERROR, HelixState.DROPPED):
                // DROP_PARTITION; the ingestion task deletes the replica's customized-view entry through its
                // notifier when it runs the drop (one place, where the keep-cv-on-drop defect lives).
                host.Drop(version, partition);
                break;
            case (HelixState.ERROR, HelixState.OFFLINE):
            case (HelixState.DROPPED, HelixState.OFFLINE):
                // No-ops in Venice: nothing to ask of ingestion.
                break;
            default:
                throw new InvalidOperationException($"legal transition {message.From}->{message.To} has no handler");
        }
        SetState(replica, message.To, message.ToString());
        messages?.Acknowledge(message);
        observer.TransitionCompleted(message);
    }

    private void FinishBootstrap(Replica replica)
    {
        var message = replica.PendingBootstrap!;
        replica.PendingBootstrap = null;
        if (host.ProgressOf(replica.Version, replica.Partition) == ReplicaProgress.Completed)
        {
            SetState(replica, HelixState.STANDBY, message.ToString());
            messages?.Acknowledge(message);
            observer.TransitionCompleted(message);
            return;
        }
        string reason = host.ProgressOf(replica.Version, replica.Partition) == ReplicaProgress.Errored
            ? "ingestion errored during bootstrap"
            : $"bootstrap latch timed out after {BootstrapTimeoutMs} ms";
        SetState(replica, HelixState.ERROR, reason);
        messages?.Acknowledge(message);
        observer.TransitionFailed(message, reason);
    }

    private bool LatchResolved(Replica replica) =>
        host.ProgressOf(replica.Version, replica.Partition) is ReplicaProgress.Completed or ReplicaProgress.Errored ||
        clock.NowMs >= replica.BootstrapDeadlineMs;

    /// <summary>A serving replica whose ingestion errored goes to Helix ERROR.</summary>
    private bool HostFailed(Replica replica) =>
        replica.State is HelixState.STANDBY or HelixState.LEADER &&
        host.ProgressOf(replica.Version, replica.Partition) == ReplicaProgress.Errored;

    /// <summary>The current version, or a future one already ONLINE or PUSHED, bootstraps behind the latch.</summary>
    private bool NeedsBootstrapLatch(StoreVersion version)
    {
        if (metadata.TryGet(MetadataPaths.CurrentVersion(version.Store), out var current) &&
            int.TryParse(current.Data, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int currentVersion) &&
            currentVersion == version.Version)
        {
            return true;
        }
        return metadata.TryGet(MetadataPaths.VersionStatusNode(version), out var status) &&
            status.Data is nameof(VersionStatus.ONLINE) or nameof(VersionStatus.PUSHED);
    }

    private void SetState(Replica replica, HelixState to, string cause)
    {
        var from = replica.State;
        replica.State = to;
        string path = HelixPaths.CurrentState(Server, replica.Version, replica.Partition);
        if (to == HelixState.DROPPED)
        {
            // Helix removes a dropped replica from the current state: it is OFFLINE again from here on.
            metadata.Delete(path, -1);
            Forget(replica);
        }
        else
        {
            Republish(replica);
        }
        observer.ReplicaStateChanged(IdOf(replica), from, to, cause);
    }

    /// <summary>Publishes the replica's current state; a failed write (no metadata reachable) is retried later.</summary>
    private void Republish(Replica replica)
    {
        string path = HelixPaths.CurrentState(Server, replica.Version, replica.Partition);
        replica.PublishRetryAtMs = session.Publish(path, replica.State) ? null : clock.NowMs + PublishRetryIntervalMs;
    }

    private void OpenSession()
    {
        var opened = session.Open();
        observer.SessionOpened(Server, opened);
    }

    private Replica ReplicaFor(StoreVersion version, int partition)
    {
        var key = new ReplicaKey(version.VersionTopic, partition);
        if (!replicas.TryGetValue(key, out var replica))
        {
            replica = new Replica(version, partition);
            replicas.Add(key, replica);
            replicasInOrder = [.. replicas.Values];
        }
        return replica;
    }

    /// <summary>
    /// An OFFLINE replica with nothing pending needs no entry; dropping it keeps the map small. One whose
    /// OFFLINE current state is not published yet (the write failed) is kept, or the stale state it left
    /// in the metadata store would stay there, and the controller would keep re-sending the transition.
    /// </summary>
    private void ForgetIfOffline(Replica replica)
    {
        if (replica.State == HelixState.OFFLINE && replica.PendingBootstrap is null && replica.PublishRetryAtMs is null)
        {
            Forget(replica);
        }
    }

    private void Forget(Replica replica)
    {
        if (replicas.Remove(KeyOf(replica))) replicasInOrder = [.. replicas.Values];
    }

    private static ReplicaKey KeyOf(Replica replica) => new(replica.Version.VersionTopic, replica.Partition);

    private ReplicaId IdOf(Replica replica) => new(replica.Version, replica.Partition, Server);
}
