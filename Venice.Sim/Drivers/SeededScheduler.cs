using Venice.Sim.InMemory;
using Venice.Sim.World;

namespace Venice.Sim.Drivers;

/// <summary>Chooses uniformly among enabled actors with a PRNG seeded from the run's seed.</summary>
public sealed class SeededScheduler : IScheduler
{
    private readonly SeededRandom random;

    public SeededScheduler(SeededRandom random) => this.random = random;

    public int ChooseNext(IReadOnlyList<ISimActor> enabled) => random.NextInt(enabled.Count);
}
