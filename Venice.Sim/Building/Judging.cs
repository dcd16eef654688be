using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.Model;

namespace Venice.Sim;

/// <summary>
/// A read-only view of a running world, for invariants and tests: time, servers, the stores' versions,
/// what Helix's external view (EV) and the customized view (CV) say. Reading never changes the world.
/// </summary>
public interface IWorldView
{
    /// <summary>Sim time now, in ms.</summary>
    long NowMs { get; }

    /// <summary>Steps taken so far.</summary>
    long Step { get; }

    /// <summary>Servers in the world (ids 0..ServerCount-1).</summary>
    int ServerCount { get; }

    /// <summary>The world's stores, in the order they were added.</summary>
    IReadOnlyList<StoreDefinition> Stores { get; }

    /// <summary>The store's versions pushed so far, oldest first.</summary>
    IReadOnlyList<StoreVersion> Versions(string store);

    /// <summary>The version's status as the controller last wrote it (NOT_CREATED before).</summary>
    VersionStatus StatusOf(StoreVersion version);

    /// <summary>The EV's leader of the partition, if it has one.</summary>
    ServerId? LeaderOf(StoreVersion version, int partition);

    /// <summary>The EV's state of a replica, or null when the EV does not list it.</summary>
    HelixState? HelixStateOf(ReplicaId replica);

    /// <summary>The CV's (last reported) ingestion status of a replica, or null when it has none.</summary>
    ExecutionStatus? ReportedStatusOf(ReplicaId replica);

    /// <summary>Crashed and not restarted.</summary>
    bool IsDown(ServerId server);
}

/// <summary>What an invariant gets when a world is built: the world to read and where to report.</summary>
public interface IInvariantContext
{
    /// <summary>The world, read-only.</summary>
    IWorldView World { get; }

    /// <summary>Records a violation of this invariant now (sim time, step and acting actor are stamped by the world).</summary>
    void Report(string message);

    /// <summary>Subscribes to write-path events as they happen (the events Core reports to its observers).</summary>
    void Observe(IWritePathObserver observer);
}

/// <summary>
/// A user's own invariant, checked beside the built-in catalog. <see cref="Attach"/> runs once when the
/// world is built; <see cref="AfterStep"/> after every step; <see cref="AtEnd"/> when the run ends.
/// Invariants only observe: they must never change the world.
/// </summary>
public interface IInvariant
{
    /// <summary>The name violations carry (kebab-case, distinct from the built-in names).</summary>
    string Name { get; }

    /// <summary>Called once, when the world is built.</summary>
    void Attach(IInvariantContext context);

    /// <summary>Called after every step. Does nothing by default.</summary>
    void AfterStep() { }

    /// <summary>Called when the run ends; <paramref name="quiescent"/> says whether the world settled. Does nothing by default.</summary>
    void AtEnd(bool quiescent) { }
}

/// <summary>
/// A convenient base for an invariant that watches write-path events: override the events you care
/// about (e.g. <see cref="WritePathObserverBase.StatusReported"/>) and call <see cref="Violated"/>.
/// </summary>
public abstract class Invariant : WritePathObserverBase, IInvariant
{
    private IInvariantContext? context;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The world, once attached.</summary>
    protected IWorldView World => (context ?? throw new InvalidOperationException($"invariant {Name} is not attached to a world")).World;

    /// <inheritdoc />
    public virtual void Attach(IInvariantContext invariantContext)
    {
        context = invariantContext;
        invariantContext.Observe(this);
    }

    /// <inheritdoc />
    public virtual void AfterStep() { }

    /// <inheritdoc />
    public virtual void AtEnd(bool quiescent) { }

    /// <summary>Reports a violation of this invariant.</summary>
    protected void Violated(string message) =>
        (context ?? throw new InvalidOperationException($"invariant {Name} is not attached to a world")).Report(message);
}
