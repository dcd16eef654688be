namespace Venice.Sim.Model;

/// <summary>A scenario's `random:`: how many faults of each kind the seed places.</summary>
public sealed record RandomFaultSpec(int Crashes, int SessionExpiries, int Pauses, int Isolations)
{
    public static RandomFaultSpec None { get; } = new(0, 0, 0, 0);

    public bool Any => Crashes + SessionExpiries + Pauses + Isolations > 0;
}
