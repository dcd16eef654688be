using FsCheck;
using FsCheck.Fluent;

namespace Venice.Sim.Tests.Properties;

/// <summary>
/// Model-based (stateful) properties as generated command lists: a command list is generated, run against
/// the real component and a small reference model side by side, and on a failure shrunk toward fewer and
/// simpler commands. Commands that make no sense in the state reached so far are skipped by the runner (in
/// both the component and the model), so every shrink of a valid list is still a valid list; that is why
/// this stands in for FsCheck.Experimental's state machine, whose operations are generated from the model
/// state and cannot be shrunk past a precondition.
/// </summary>
internal static class CommandSequences
{
    /// <summary>Lists of 1..<paramref name="maxLength"/> commands that shrink with <see cref="Shrink{T}"/>.</summary>
    public static Arbitrary<IReadOnlyList<T>> Of<T>(Gen<T> command, Func<T, IEnumerable<T>> simplify, int maxLength)
    {
        var lists = from length in Gen.Choose(1, maxLength)
                    from commands in Gen.ArrayOf(command, length)
                    select (IReadOnlyList<T>)commands;
        return Arb.From(lists, list => Shrink(list, simplify));
    }

    /// <summary>
    /// Shorter lists first (a half, a quarter ... down to a single command cut out at each place), then each
    /// command replaced by a simpler one: the greedy shrinker then reaches a list where no command can go.
    /// </summary>
    public static IEnumerable<IReadOnlyList<T>> Shrink<T>(IReadOnlyList<T> commands, Func<T, IEnumerable<T>> simplify)
    {
        for (int chunk = commands.Count / 2; chunk >= 1; chunk /= 2)
        {
            for (int start = 0; start + chunk <= commands.Count; start += chunk)
            {
                yield return [.. commands.Take(start), .. commands.Skip(start + chunk)];
            }
        }
        for (int i = 0; i < commands.Count; i++)
        {
            foreach (T simpler in simplify(commands[i]))
            {
                yield return [.. commands.Take(i), simpler, .. commands.Skip(i + 1)];
            }
        }
    }

    /// <summary>
    /// Checks <paramref name="run"/> (null: the run agreed with its model; otherwise why not) over
    /// <paramref name="maxTest"/> generated cases at a fixed replay seed, so the test itself is deterministic.
    /// </summary>
    /// <returns>The shrunk failing case and why it failed, or a pass.</returns>
    public static ModelCheckResult<T> Check<T>(Arbitrary<T> commands, Func<T, string?> run, int maxTest)
        where T : class
    {
        T? smallestFailing = null;
        string? smallestReason = null;
        var property = Prop.ForAll(commands, list =>
        {
            string? reason = run(list);
            // FsCheck's last failing candidate is its final, most shrunk counterexample.
            if (reason is not null) (smallestFailing, smallestReason) = (list, reason);
            return reason is null;
        });
        var config = Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(20_261_124UL, 0x9E3779B97F4A7C15UL);
        try
        {
            global::FsCheck.Check.One(config, property);
            return new ModelCheckResult<T>(null, null, null);
        }
        catch (Exception failure) when (smallestFailing is not null)
        {
            return new ModelCheckResult<T>(smallestFailing, smallestReason, failure.Message);
        }
    }

    /// <summary>The commands one per line, for a test's message.</summary>
    public static string Describe<T>(IEnumerable<T> commands) => string.Join(Environment.NewLine, commands.Select((c, i) => $"  {i + 1}. {c}"));
}

/// <summary>What <see cref="CommandSequences.Check{T}"/> found: nothing, or the shrunk counterexample, why it failed and FsCheck's report.</summary>
internal sealed record ModelCheckResult<T>(T? Counterexample, string? Reason, string? FsCheckReport)
    where T : class
{
    public bool Passed => Counterexample is null;

    public override string ToString() => Passed
        ? "every command list agreed with the model"
        : $"{Reason}{Environment.NewLine}{(Counterexample is System.Collections.IEnumerable list ? CommandSequences.Describe(list.Cast<object>()) : Counterexample)}{Environment.NewLine}{FsCheckReport}";
}
