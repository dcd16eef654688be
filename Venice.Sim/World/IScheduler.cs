namespace Venice.Sim.World;

/// <summary>Decides which enabled actor steps next.</summary>
public interface IScheduler
{
    /// <summary>Returns an index into <paramref name="enabled"/> (never empty).</summary>
    int ChooseNext(IReadOnlyList<ISimActor> enabled);
}
