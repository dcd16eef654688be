using Venice.Sim.Cli;
using Venice.Sim.Tests.Cli;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Scenarios;

/// <summary>
/// The malformed scenario corpus (Venice.Sim.Tests/Scenarios/Malformed, issue 16 item 5): every key,
/// every type, every bound and the YAML traps (tabs, unclosed brackets, deep nesting, invalid UTF-8).
/// expected.txt holds the one error line `check` must print for each file, line:column included.
/// </summary>
public sealed class A_malformed_scenario : CliFixture
{
    private static readonly string Folder = Path.Combine(LibraryScenario.RepositoryRoot, "Venice.Sim.Tests", "Scenarios", "Malformed");

    private static IEnumerable<TestCaseData> Files() =>
        Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetArgDisplayNames(Path.GetFileNameWithoutExtension(path)));

    [Test]
    public void The_corpus_has_at_least_sixty_files_each_with_an_expected_error()
    {
        var expected = ExpectedErrors();

        Assert.That(Files().Count(), Is.GreaterThanOrEqualTo(60));
        Assert.That(expected.Keys.Order(StringComparer.Ordinal), Is.EqualTo(Files().Select(data => (string)data.Arguments[0]!)));
    }

    [TestCaseSource(nameof(Files))]
    public void Is_refused_by_check_with_exit_2_at_its_line_and_column_and_no_stack_trace(string file)
    {
        File.Copy(Path.Combine(Folder, file), file);

        var check = Invoke("check", file);

        Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.BadInput), check.Error);
        Assert.That(check.Error, Does.Match(@"^[^:]+\.yaml:[0-9]+:[0-9]+: "), "file:line:column");
        Assert.That(check.Error.TrimEnd('\n'), Is.EqualTo(ExpectedErrors()[file]));
        Assert.That(check.Error, Does.Not.Contain("   at ").And.Not.Contain("System."));
    }

    [TestCaseSource(nameof(Files))]
    public void Is_refused_by_run_before_anything_runs(string file)
    {
        File.Copy(Path.Combine(Folder, file), file);

        var run = Invoke("run", file);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput), run.Error);
        Assert.That(run.Error.TrimEnd('\n'), Is.EqualTo(ExpectedErrors()[file]));
        Assert.That(Runner.Requests, Is.Empty);
    }

    private static Dictionary<string, string> ExpectedErrors() =>
        File.ReadAllLines(Path.Combine(Folder, "expected.txt"))
            .ToDictionary(line => line[..line.IndexOf(':', StringComparison.Ordinal)], line => line, StringComparer.Ordinal);
}
