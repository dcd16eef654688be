using System.Text.Json;
using System.Xml.Linq;
using Venice.Sim.Cli;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Cli.Shards;

/// <summary><c>explore --results/--junit</c> on the real engine under Coyote: the failing iteration, its trace and its replay command.</summary>
[Category("Coyote")]
public sealed class Explore_results : CliFixture
{
    private const string ScenarioPath = "scenarios/fast/small-hybrid-failover.yaml";

    [SetUp]
    public void CopyScenario() =>
        WriteFile(ScenarioPath, File.ReadAllText(Path.Combine(LibraryScenario.RepositoryRoot, ScenarioPath)));

    [Test]
    public void Name_the_failing_iteration_its_trace_and_the_replay_that_reproduces_it()
    {
        var explored = Invoke("explore", ScenarioPath, "--iterations", "10", "--defect", "resume-rt-from-latest", "--out", "found",
            "--results", "explore.json", "--junit", "explore.xml", "--json");

        Assert.That(explored.ExitCode, Is.EqualTo(ExitCodes.Failed), explored.Out + explored.Error);
        using var summary = JsonDocument.Parse(explored.LastOutLine);
        using var results = JsonDocument.Parse(File.ReadAllText("explore.json"));
        var root = results.RootElement;
        var failure = root.GetProperty("failures")[0];
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("verb").GetString(), Is.EqualTo("explore"));
            Assert.That(root.GetProperty("range").GetProperty("unit").GetString(), Is.EqualTo("iteration"));
            Assert.That(root.GetProperty("range").GetProperty("last").GetInt64(), Is.EqualTo(10));
            Assert.That(root.GetProperty("totals").GetProperty("failed").GetInt64(), Is.EqualTo(1));
            Assert.That(failure.GetProperty("iteration").GetInt64(), Is.EqualTo(summary.RootElement.GetProperty("firstBugIteration").GetInt64()));
            Assert.That(failure.GetProperty("trace").GetString(), Is.EqualTo(summary.RootElement.GetProperty("trace").GetString()));
            Assert.That(failure.GetProperty("reproduce").GetString(), Does.StartWith("dotnet run --project Venice.Sim.Cli -c Release -- replay found/"));
            Assert.That(failure.GetProperty("violations")[0].GetProperty("invariant").GetString(), Is.EqualTo("no-lost-writes"));
        });
        var failing = XDocument.Load("explore.xml").Descendants("testcase").Where(c => c.Element("failure") is not null).ToArray();
        Assert.That(failing, Has.Length.EqualTo(1));
        Assert.That((string?)failing[0].Element("failure")!.Attribute("type"), Is.EqualTo("bug"));
        Assert.That(failing[0].Element("failure")!.Value, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- replay found/"));
    }
}
