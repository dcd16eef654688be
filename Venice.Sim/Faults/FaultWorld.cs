using Venice.Sim.World;

namespace Venice.Sim.Faults;

/// <summary>
/// <c>world.Faults</c>: the fault injector a world was assembled with. The world only holds it as an
/// attached part (it never names the faults layer); this extension gives it back its old, typed name.
/// </summary>
public static class FaultWorld
{
    extension(SimWorld world)
    {
        /// <summary>Injects faults on a schedule or at once (docs/faults.md).</summary>
        /// <exception cref="InvalidOperationException">The world was built bare, without a fault injector.</exception>
        public FaultInjector Faults =>
            world.Part<FaultInjector>() ?? throw new InvalidOperationException("this world was built without a fault injector");
    }
}
