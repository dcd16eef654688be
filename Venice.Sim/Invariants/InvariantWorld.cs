using Venice.Sim.World;

namespace Venice.Sim.Invariants;

/// <summary>
/// <c>world.Invariants</c>: the monitor a world was assembled with. The world only holds it as an attached
/// part (it never names the invariants layer); this extension gives it back its old, typed name.
/// </summary>
public static class InvariantWorld
{
    extension(SimWorld world)
    {
        /// <summary>The world's invariant monitor.</summary>
        /// <exception cref="InvalidOperationException">The world was built bare, without invariants.</exception>
        public InvariantMonitor Invariants =>
            world.Part<InvariantMonitor>() ?? throw new InvalidOperationException("this world was built without invariants");
    }
}
