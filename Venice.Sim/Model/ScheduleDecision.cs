namespace Venice.Sim.Model;

/// <summary>
/// One entry of an explicit schedule (docs/scenarios.md#schedule): at loop step <paramref name="Step"/>
/// (0-based, counting actor steps, not time jumps) the actor stepped is <c>enabled[Choice mod enabled.Count]</c>
/// instead of the canonical one. Every step without an entry takes the canonical choice: round robin, the
/// first enabled actor after the one stepped last, in the world's fixed actor order.
/// </summary>
/// <param name="Step">The loop step the decision applies to (>= 0).</param>
/// <param name="Choice">An index into that step's enabled actors, taken modulo their count (>= 0).</param>
public sealed record ScheduleDecision(long Step, int Choice)
{
    /// <summary>Checks a schedule: steps >= 0 and strictly increasing, choices >= 0.</summary>
    /// <exception cref="ArgumentException">The first entry that breaks a rule, named by its index.</exception>
    public static void Validate(IReadOnlyList<ScheduleDecision> schedule, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(schedule, parameterName);
        for (int i = 0; i < schedule.Count; i++)
        {
            var d = schedule[i] ?? throw new ArgumentException($"schedule entry {i} is null", parameterName);
            if (d.Step < 0) throw new ArgumentException($"schedule entry {i}: step {d.Step} must be >= 0", parameterName);
            if (d.Choice < 0) throw new ArgumentException($"schedule entry {i}: choice {d.Choice} must be >= 0", parameterName);
            if (i > 0 && d.Step <= schedule[i - 1].Step)
                throw new ArgumentException($"schedule entry {i}: step {d.Step} must be greater than the previous entry's step {schedule[i - 1].Step}", parameterName);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"step {Step}: choose {Choice}";
}
