using System.Text.RegularExpressions;
using Venice.Sim.Reports;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Tests.Library;

/// <summary>
/// What the scenario library exercises (docs/coverage.md): every scenario under scenarios/ except the
/// scale runs (which only add volume) is run with its own seed and defects, its coverage counted from
/// its trace and merged. The events no scenario reaches must be exactly the list docs/coverage.md
/// names, so the page cannot go stale: a new scenario that reaches an event, or a change that stops
/// one from being reached, fails this test with the list to paste.
/// </summary>
[TestFixture]
[Category("ScenarioLibrary")]
public sealed class ScenarioLibraryCoverageTests
{
    private static readonly string CoveragePage = Path.Combine(LibraryScenario.RepositoryRoot, "docs", "coverage.md");

    [Test]
    public void The_events_the_library_never_reaches_are_the_ones_docs_coverage_md_names()
    {
        var merged = LibraryCoverage();
        var never = merged.NeverReached.Select(e => e.Name).ToArray();
        var documented = DocumentedNeverReached();
        string paste = string.Join("\n", never.Select(name => $"- `{name}`"));
        Assert.That(documented, Is.EqualTo(never),
            $"docs/coverage.md is stale: the library now never reaches these {never.Length} events (in catalog order):\n{paste}\n" +
            $"reached now but listed: {string.Join(", ", documented.Except(never))}\nnot listed: {string.Join(", ", never.Except(documented))}");
        Assert.That(merged.Runs, Is.EqualTo(LibraryFiles().Count));
    }

    private static CoverageCounts LibraryCoverage()
    {
        var all = new List<CoverageCounts>();
        foreach (var relative in LibraryFiles())
        {
            var scenario = LibraryScenario.Load(relative);
            var recorder = new CoverageRecorder();
            LibraryScenario.Run(scenario, scenario.Seed, scenario.Defects, recorder);
            all.Add(recorder.Counts);
        }

        return CoverageCounts.MergeAll(all);
    }

    internal static IReadOnlyList<string> LibraryFiles()
    {
        string root = LibraryScenario.RepositoryRoot;
        return Directory.EnumerateFiles(Path.Combine(root, "scenarios"), "*.y*ml", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("scenarios/scale/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The bullet list under "## Never reached" in docs/coverage.md.</summary>
    private static string[] DocumentedNeverReached()
    {
        var text = File.ReadAllText(CoveragePage).Replace("\r\n", "\n", StringComparison.Ordinal);
        int start = text.IndexOf("\n## Never reached", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "docs/coverage.md has no '## Never reached' section");
        int end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = end < 0 ? text[start..] : text[start..end];
        return Regex.Matches(section, @"^- `([^`]+)`", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
    }
}
