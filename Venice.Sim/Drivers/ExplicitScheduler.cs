using Venice.Sim.World;

namespace Venice.Sim.Drivers;

/// <summary>
/// Follows a given list of choices (FsCheck generates and shrinks it): choice i picks enabled actor
/// choices[i] mod count. When the list runs out it keeps picking the first enabled actor, so a
/// shrunk list still runs to the end.
/// </summary>
public sealed class ExplicitScheduler : IScheduler
{
    private readonly IReadOnlyList<int> choices;
    private int next;

    public ExplicitScheduler(IReadOnlyList<int> choices) => this.choices = choices;

    public int ChooseNext(IReadOnlyList<ISimActor> enabled)
    {
        if (next >= choices.Count) return 0;
        int choice = choices[next++];
        return (int)((uint)choice % (uint)enabled.Count);
    }
}
