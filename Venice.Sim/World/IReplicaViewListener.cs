using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Metadata;

namespace Venice.Sim.World;

/// <summary>
/// Told what the Helix side of the world does to replica views: an external view published, a drop run,
/// an illegal transition received, a transition run. The world calls it; the view-consistency invariant (a layer above)
/// implements it, so the world never names a checker.
/// </summary>
public interface IReplicaViewListener
{
    /// <summary>The Helix controller wrote the partition's external view.</summary>
    void CheckExternalView(IMetadataStore metadata, StoreVersion version, int partition);

    /// <summary>The replica's server ran DROP_PARTITION, reaching the metadata store or not.</summary>
    void DropProcessed(IMetadataStore metadata, ReplicaId replica, bool metadataReachable);

    /// <summary>The Helix controller finished a round of publishing: dropped replicas can be re-checked.</summary>
    void CheckDroppedReplicas(IMetadataStore metadata);

    /// <summary>A participant received a transition outside the LeaderStandby table.</summary>
    void IllegalTransition(HelixTransitionMessage message, HelixState current);

    /// <summary>A participant ran a transition to completion while holding <paramref name="participantSession"/> (null: none).</summary>
    void TransitionRan(HelixTransitionMessage message, SessionId? participantSession);
}
