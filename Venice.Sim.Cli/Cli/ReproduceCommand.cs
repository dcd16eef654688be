using Venice.Sim.Scenarios;

namespace Venice.Sim.Cli;

/// <summary>The one command line that reproduces a failure (docs/cli.md), run from the repository root.</summary>
internal static class ReproduceCommand
{
    private const string Prefix = "dotnet run --project Venice.Sim.Cli -c Release --";

    /// <summary>
    /// Names the seed always and only the defects the scenario file does not already enable, so
    /// the line stays short and still pins the run exactly.
    /// </summary>
    public static string ForRun(Scenario scenario, long seed, IReadOnlyList<string> defects)
    {
        var words = new List<string> { "run", Quote(scenario.SourcePath), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var defect in defects)
        {
            if (!scenario.Defects.Contains(defect, StringComparer.Ordinal))
            {
                words.Add("--defect");
                words.Add(defect);
            }
        }

        return $"{Prefix} {string.Join(' ', words)}";
    }

    public static string ForReplay(string tracePath) => $"{Prefix} replay {Quote(tracePath)}";

    /// <summary>The command line as given, for an internal error before a verb knew a shorter one.</summary>
    public static string ForArguments(IEnumerable<string> arguments) => $"{Prefix} {string.Join(' ', arguments.Select(Quote))}";

    /// <summary>POSIX-shell quoting, only when needed so ordinary paths stay readable.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && word.All(character => char.IsAsciiLetterOrDigit(character) || "/._-+=:,@".Contains(character))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
