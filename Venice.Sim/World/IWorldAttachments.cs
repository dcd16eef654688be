using Venice.Core.Observability;

namespace Venice.Sim.World;

/// <summary>
/// What the layers above the world (invariants, faults) attach to a world while it is built. The world
/// asks for it once its clock, log and metadata exist and before any actor does, so the observers and the
/// view listener are in place before the first event; <see cref="Attach"/> runs once the actors exist.
/// The assembly of a world (which checkers, which fault injector) is decided where worlds are made, at the
/// top (WorldFactory), so the world itself depends on neither.
/// </summary>
public interface IWorldAttachments
{
    /// <summary>Sees every write-path event, after the trace observer; null for none.</summary>
    IWritePathObserver? EventObserver { get; }

    /// <summary>Told of external views, drops and illegal transitions; null for none.</summary>
    IReplicaViewListener? ViewListener { get; }

    /// <summary>
    /// Called once the world's own actors exist: register parts (<see cref="SimWorld.AddPart{T}"/>) and
    /// after-step hooks, and return the actors to schedule after the world's own.
    /// </summary>
    IEnumerable<ISimActor> Attach(SimWorld world);
}
