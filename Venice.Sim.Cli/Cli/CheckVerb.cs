using System.Globalization;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Cli;

/// <summary><c>check SCENARIO...</c>: validates files (or every scenario under a directory) without running them.</summary>
internal static class CheckVerb
{
    public static int Execute(CliOutput output, IReadOnlyList<string> arguments)
    {
        var files = ScenarioPaths.Expand(arguments);
        if (files.Count == 0)
        {
            throw new CliUsageException($"no scenario files found in: {string.Join(", ", arguments)}");
        }

        // Scenario names must be unique (docs/scenarios.md); first use wins, in the order given.
        var namesSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        var invalid = 0;
        foreach (var file in files)
        {
            var result = ScenarioLoader.Load(file, VeniceSimCli.ScenarioLoadOptions);
            if (result.Error is { } error)
            {
                output.ErrorLine(error.ToString());
                invalid++;
                continue;
            }

            var scenario = result.Scenario!;
            if (namesSeen.TryGetValue(scenario.Name, out var firstFile))
            {
                output.ErrorLine($"{file}: scenario name '{scenario.Name}' is already used by {firstFile}; names must be unique");
                invalid++;
                continue;
            }

            namesSeen.Add(scenario.Name, file);
            output.Line($"ok {file} ({scenario.Name})");
        }

        var count = files.Count.ToString(CultureInfo.InvariantCulture);
        if (invalid == 0)
        {
            output.Line($"checked {count} scenario file(s): all valid");
            return ExitCodes.Passed;
        }

        output.Line($"checked {count} scenario file(s): {invalid.ToString(CultureInfo.InvariantCulture)} invalid");
        return ExitCodes.BadInput;
    }
}
