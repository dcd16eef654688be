using Venice.Sim.InMemory;

namespace Venice.Sim.World;

/// <summary>Where the simulation is: the step counter, the actor stepping now and the clock.</summary>
public sealed class SimContext
{
    public SimContext(SimClock clock) => Clock = clock;

    public SimClock Clock { get; }

    public long Step { get; set; }

    public string CurrentActor { get; set; } = "world";
}
