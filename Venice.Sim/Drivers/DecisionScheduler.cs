using Venice.Sim.Model;
using Venice.Sim.World;

namespace Venice.Sim.Drivers;

/// <summary>
/// Follows an explicit schedule (a world's or scenario's <c>schedule:</c>): at a step with a decision it
/// picks <c>enabled[choice mod count]</c>; at every other step the canonical choice, round robin over the
/// world's fixed actor order starting after the actor stepped last. The canonical order is fair (every
/// enabled actor moves within one round), so a schedule with no decisions still runs a world to its end,
/// and a shrunk schedule keeps only the steps where the interleaving had to differ from it.
/// </summary>
internal sealed class DecisionScheduler : IScheduler
{
    private readonly IReadOnlyList<ISimActor> actorsInOrder;
    private readonly IReadOnlyList<ScheduleDecision> decisions;
    private int nextDecision;
    private long step;
    private int lastActorIndex = -1;

    public DecisionScheduler(IReadOnlyList<ISimActor> actorsInOrder, IReadOnlyList<ScheduleDecision> decisions)
    {
        this.actorsInOrder = actorsInOrder;
        this.decisions = decisions;
    }

    public int ChooseNext(IReadOnlyList<ISimActor> enabled)
    {
        int chosen;
        if (nextDecision < decisions.Count && decisions[nextDecision].Step == step)
        {
            chosen = (int)((uint)decisions[nextDecision].Choice % (uint)enabled.Count);
            nextDecision++;
        }
        else
        {
            chosen = RoundRobin(enabled);
        }
        step++;
        lastActorIndex = IndexOf(enabled[chosen]);
        return chosen;
    }

    /// <summary>The first enabled actor after the last one stepped (enabled actors come in world order), wrapping round.</summary>
    private int RoundRobin(IReadOnlyList<ISimActor> enabled)
    {
        for (int i = 0; i < enabled.Count; i++)
        {
            if (IndexOf(enabled[i]) > lastActorIndex) return i;
        }
        return 0;
    }

    private int IndexOf(ISimActor actor)
    {
        for (int i = 0; i < actorsInOrder.Count; i++)
        {
            if (ReferenceEquals(actorsInOrder[i], actor)) return i;
        }
        return -1;
    }
}
