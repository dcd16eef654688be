using Venice.Sim.World;

namespace Venice.Sim;

/// <summary>
/// <c>SimWorld.Create(seed)</c>, the code entry point, kept on <see cref="SimWorld"/> as a static extension:
/// the builder sits above the world, so the world cannot name it itself.
/// </summary>
public static class SimWorldCreation
{
    extension(SimWorld)
    {
        /// <summary>A world to build in code: <c>SimWorld.Create(7).WithServers(3).WithStore(...).Build()</c>.</summary>
        public static WorldBuilder Create(long seed) => WorldBuilder.Create(seed);
    }
}
