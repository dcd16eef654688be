using Venice.Core.Observability;
using Venice.Sim.Running;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// Collects violations from the checkers with where they happened (sim time, step). Checkers only
/// observe; the monitor never steers the simulation.
/// </summary>
public sealed class InvariantMonitor
{
    /// <summary>Violations kept per invariant: the first few tell the story, the rest add noise.</summary>
    public const int MaxViolationsPerInvariant = 10;

    private readonly SimContext context;
    private readonly List<Violation> violations = new();
    private readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly ObserverFanout eventObserver = new();

    public InvariantMonitor(SimContext context, Func<Venice.Core.StoreVersion, bool> isHybrid)
    {
        this.context = context;
        eventObserver.Add(new StatusOrderChecker(this, isHybrid));
        ViewConsistency = new ViewConsistencyChecker(this);
        eventObserver.Add(ViewConsistency);
        SessionFencing = new SessionFencingChecker(this);
        HelixListener = new HelixCheckers(ViewConsistency, SessionFencing);
    }

    /// <summary>view-consistency, fed by the Helix controller, the participants and the servers' drops (and subscriptions, as events).</summary>
    public ViewConsistencyChecker ViewConsistency { get; }

    /// <summary>session-fencing, fed by the participants' completed transitions.</summary>
    public SessionFencingChecker SessionFencing { get; }

    /// <summary>What the world tells about Helix (views, drops, transitions run): view-consistency and session-fencing.</summary>
    public IReplicaViewListener HelixListener { get; }

    private sealed class HelixCheckers(ViewConsistencyChecker view, SessionFencingChecker fencing) : IReplicaViewListener
    {
        public void CheckExternalView(Venice.Core.Metadata.IMetadataStore metadata, Venice.Core.StoreVersion version, int partition) =>
            view.CheckExternalView(metadata, version, partition);

        public void DropProcessed(Venice.Core.Metadata.IMetadataStore metadata, Venice.Core.ReplicaId replica, bool metadataReachable) =>
            view.DropProcessed(metadata, replica, metadataReachable);

        public void CheckDroppedReplicas(Venice.Core.Metadata.IMetadataStore metadata) => view.CheckDroppedReplicas(metadata);

        public void IllegalTransition(Venice.Core.Helix.HelixTransitionMessage message, Venice.Core.Helix.HelixState current) =>
            view.IllegalTransition(message, current);

        public void TransitionRan(Venice.Core.Helix.HelixTransitionMessage message, Venice.Core.Metadata.SessionId? participantSession) =>
            fencing.TransitionRan(message, participantSession);
    }

    /// <summary>Adds a checker that watches write-path events.</summary>
    public void Add(IWritePathObserver checker) => eventObserver.Add(checker);

    /// <summary>The checkers that watch events as they happen.</summary>
    public IWritePathObserver EventObserver => eventObserver;

    public IReadOnlyList<Violation> Violations => violations;

    /// <summary>Called when a violation is recorded (the trace writes it as an event).</summary>
    public event Action<Violation>? ViolationRecorded;

    public void Report(string invariant, string message)
    {
        counts.TryGetValue(invariant, out int count);
        counts[invariant] = count + 1;
        if (count >= MaxViolationsPerInvariant) return;
        var violation = new Violation(invariant, message, context.Clock.NowMs, context.Step) { Actor = context.CurrentActor };
        violations.Add(violation);
        ViolationRecorded?.Invoke(violation);
    }

    /// <summary>Distinct invariant names that fired, sorted.</summary>
    public IReadOnlyList<string> FiredInvariants => counts.Keys.ToArray();
}
