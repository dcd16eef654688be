using Spectre.Console;
using Venice.Sim.Scenarios;
using Venice.Sim.Model;

namespace Venice.Sim.Cli;

/// <summary><c>list</c>: the scenarios under ./scenarios, then the invariant and defect catalogs.</summary>
internal static class ListVerb
{
    public const string ScenarioDirectory = "scenarios";

    public static int Execute(CliOutput output)
    {
        if (Directory.Exists(ScenarioDirectory))
        {
            var scenarios = output.NewTable("scenarios", "name", "path", "description");
            foreach (var file in ScenarioPaths.FindScenarioFiles(ScenarioDirectory))
            {
                var result = ScenarioLoader.Load(file, VeniceSimCli.ScenarioLoadOptions);
                scenarios.AddRow(
                    new Text(result.Scenario?.Name ?? "(invalid)"),
                    new Text(file),
                    new Text(result.Scenario?.Description ?? result.Error!.ToString()));
            }

            output.Ansi.Write(scenarios);
        }
        else
        {
            output.Line($"no ./{ScenarioDirectory} directory here; run list from the repository root");
        }

        WriteCatalog(output, "invariants", InvariantNames.Catalog);
        WriteCatalog(output, "defects", DefectNames.Catalog);
        return ExitCodes.Passed;
    }

    private static void WriteCatalog(CliOutput output, string title, NameCatalog catalog)
    {
        var table = output.NewTable(title, "name", "description");
        foreach (var entry in catalog.Entries)
        {
            table.AddRow(new Text(entry.Name), new Text(entry.Description));
        }

        output.Ansi.Write(table);
    }
}
