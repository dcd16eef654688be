using System.Globalization;
using Venice.Sim.FsCheck;

namespace Venice.Sim.Cli;

/// <summary>
/// <c>shrink-table [--out FILE] [--regressions DIR] [--tests N] [--seed S] [--defect NAME]...</c>: runs every
/// defect hunt of Venice.Sim.FsCheck (docs/property-testing.md) with its defect on and off, prints a line per
/// defect, writes the Markdown table into FILE between its markers, and each shrunk counterexample as
/// DIR/&lt;defect&gt;-failover.yaml.
/// </summary>
internal static class ShrinkTableVerb
{
    public sealed record Request(string? Out, string? Regressions, uint Tests, ulong Seed, IReadOnlyList<string> Defects);

    public static int Execute(CliOutput output, Request request)
    {
        if (request.Tests == 0) throw new CliUsageException("venice-sim: --tests must be at least 1 (the generated failovers per hunt)");
        var hunts = new List<DefectHunt>();
        foreach (var name in request.Defects)
        {
            var hunt = DefectHunts.Catalog.FirstOrDefault(h => h.Defect == name)
                ?? throw new CliUsageException($"venice-sim: --defect {name}: no defect hunt by that name; hunts exist for: {string.Join(", ", DefectHunts.Catalog.Select(h => h.Defect))}");
            if (!hunts.Contains(hunt)) hunts.Add(hunt);
        }
        var selected = hunts.Count > 0 ? DefectHunts.Catalog.Where(hunts.Contains).ToArray() : DefectHunts.Catalog;
        string? page = null;
        if (request.Out is { } outPath)
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (directory is not null && !Directory.Exists(directory)) throw new CliUsageException($"venice-sim: --out {outPath}: directory {directory} does not exist");
        }
        // Opened now, so an unwritable --out (a directory, a device) is refused before the hunts run for
        // minutes, and before the page it replaces is read.
        using var outFile = request.Out is { } target ? OutputPaths.OpenAtomic(target, "--out") : null;
        if (outFile is not null && File.Exists(outFile.TargetPath)) page = File.ReadAllText(outFile.TargetPath);
        if (request.Regressions is { } regressions && !Directory.Exists(regressions))
            throw new CliUsageException($"venice-sim: --regressions {regressions}: no such directory");
        if (request.Regressions is { } regressionDirectory) OutputPaths.CheckWritableDirectory(regressionDirectory, "--regressions");

        int tests = checked((int)Math.Min(request.Tests, int.MaxValue));
        var rows = ShrinkTable.Measure(tests, request.Seed, selected, row =>
        {
            var r = row.WithDefect;
            output.Line(r.Found
                ? $"{r.Hunt.Defect}: found at case {Int(r.TestsToFind)}, {Int(r.ShrinkSteps)} shrinks, {Int(r.Shrunk!.FaultCount)} fault(s), {Int(r.Decisions)} decision(s); healthy: {(row.Healthy.Found ? "FALSE ALARM" : "silent")}"
                : $"{r.Hunt.Defect}: NOT found in {Int(r.TestsToFind)} cases; healthy: {(row.Healthy.Found ? "FALSE ALARM" : "silent")}");
        });

        if (outFile is not null)
        {
            outFile.CommitText(ShrinkTable.Splice(page, ShrinkTable.Markdown(rows, tests, request.Seed)));
            output.Line($"wrote the table to {request.Out}");
        }
        if (request.Regressions is { } dir)
        {
            foreach (var row in rows.Where(r => r.WithDefect.Shrunk is not null))
                output.Line($"wrote {Regressions.Save(row.WithDefect.Shrunk!, row.WithDefect.Hunt.Defect, dir, row.WithDefect.Hunt.Defect + "-failover")}");
        }
        bool allMet = rows.All(r => r.MeetsGoals);
        output.Line(allMet ? "every defect found, shrunk within the goals, no false alarm" : "some defect missed a goal (see the table)");
        return allMet ? ExitCodes.Passed : ExitCodes.Failed;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
