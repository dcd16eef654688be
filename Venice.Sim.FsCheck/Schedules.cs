using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.Model;

namespace Venice.Sim.FsCheck;

/// <summary>
/// The range of explicit schedules to generate (docs/property-testing.md#schedules): up to
/// <see cref="MaxDecisions"/> decisions, each at a step in [0, <see cref="MaxStep"/>] choosing enabled actor
/// 0..<see cref="MaxChoice"/> (modulo the enabled count); every other step follows the canonical round-robin
/// order. Checked when made, as <see cref="ClusterBounds"/> is.
/// </summary>
public sealed class ScheduleBounds
{
    /// <summary>Bounds on how many decisions, how late, and how far from the first enabled actor.</summary>
    public ScheduleBounds(int minDecisions = 0, int maxDecisions = 40, long maxStep = 20_000, int maxChoice = 7)
    {
        Bounds.Range(minDecisions, maxDecisions, 0, ScheduleDecisionsLimit, nameof(minDecisions), nameof(maxDecisions));
        if (maxStep < 0) throw new ArgumentOutOfRangeException(nameof(maxStep), maxStep, "maxStep must be >= 0");
        if (maxStep + 1 < maxDecisions)
            throw new ArgumentException($"maxDecisions ({maxDecisions}) exceeds the steps 0..maxStep ({maxStep}) it can occupy, one decision per step", nameof(maxDecisions));
        if (maxChoice < 0) throw new ArgumentOutOfRangeException(nameof(maxChoice), maxChoice, "maxChoice must be >= 0");
        (MinDecisions, MaxDecisions, MaxStep, MaxChoice) = (minDecisions, maxDecisions, maxStep, maxChoice);
    }

    /// <summary>The most decisions a generated schedule may hold (a scenario's <c>schedule:</c> holds at most 100,000).</summary>
    public const int ScheduleDecisionsLimit = 100_000;

    /// <summary>Fewest decisions.</summary>
    public int MinDecisions { get; }

    /// <summary>Most decisions.</summary>
    public int MaxDecisions { get; }

    /// <summary>The latest step a decision may name.</summary>
    public long MaxStep { get; }

    /// <summary>The largest choice (an index into the enabled actors, taken modulo their count).</summary>
    public int MaxChoice { get; }
}

/// <summary>Generators and shrinkers of explicit schedules (lists of <see cref="ScheduleDecision"/>, steps increasing).</summary>
public static class ScheduleGen
{
    /// <summary>Schedules within <paramref name="bounds"/>: distinct steps, in order.</summary>
    public static Gen<IReadOnlyList<ScheduleDecision>> Schedules(ScheduleBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var decision = from step in Gen.Choose(0, (int)Math.Min(bounds.MaxStep, int.MaxValue))
                       from choice in Gen.Choose(0, bounds.MaxChoice)
                       select new ScheduleDecision(step, choice);
        return from count in Gen.Choose(bounds.MinDecisions, bounds.MaxDecisions)
               from decisions in Gen.ArrayOf(decision, count)
               select Normalise(decisions, bounds.MinDecisions);
    }

    /// <summary>
    /// Toward fewer decisions (none, then each half, quarter, ... removed, then each one alone), then each
    /// choice lower (0, then one less); never below <see cref="ScheduleBounds.MinDecisions"/>. Removing chunks
    /// first keeps a long schedule's shrink to about log2(n) runs per accepted step.
    /// </summary>
    public static IEnumerable<IReadOnlyList<ScheduleDecision>> ShrinkSchedule(IReadOnlyList<ScheduleDecision> schedule, ScheduleBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(bounds);
        int n = schedule.Count;
        if (n - 1 >= bounds.MinDecisions)
        {
            if (bounds.MinDecisions == 0 && n > 1) yield return [];
            for (int chunk = n / 2; chunk > 1; chunk /= 2)
            {
                if (n - chunk < bounds.MinDecisions) continue;
                for (int start = 0; start + chunk <= n; start += chunk) yield return [.. schedule.Take(start), .. schedule.Skip(start + chunk)];
            }
            for (int i = 0; i < n; i++) yield return [.. schedule.Take(i), .. schedule.Skip(i + 1)];
        }
        for (int i = 0; i < n; i++)
        {
            var d = schedule[i];
            if (d.Choice > 0) yield return [.. schedule.Take(i), d with { Choice = 0 }, .. schedule.Skip(i + 1)];
            if (d.Choice > 1) yield return [.. schedule.Take(i), d with { Choice = d.Choice - 1 }, .. schedule.Skip(i + 1)];
        }
    }

    /// <summary>Schedules that shrink with <see cref="ShrinkSchedule"/>.</summary>
    public static Arbitrary<IReadOnlyList<ScheduleDecision>> ScheduleCases(ScheduleBounds bounds) =>
        Arb.From(Schedules(bounds), s => ShrinkSchedule(s, bounds));

    /// <summary>One decision per step (the first drawn wins), in step order, as a schedule must be; at least <paramref name="minDecisions"/>.</summary>
    private static IReadOnlyList<ScheduleDecision> Normalise(ScheduleDecision[] decisions, int minDecisions)
    {
        var byStep = new SortedDictionary<long, ScheduleDecision>();
        foreach (var d in decisions) byStep.TryAdd(d.Step, d);
        var list = byStep.Values.ToList();
        // Duplicate steps can leave fewer than the minimum: fill the first free steps.
        for (long step = 0; list.Count < minDecisions; step++)
        {
            if (!byStep.ContainsKey(step)) { byStep[step] = new ScheduleDecision(step, 0); list = byStep.Values.ToList(); }
        }
        return list;
    }
}
