using System.Text.Json;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Cli;

/// <summary>`venice-sim explore`, on the real engine under Coyote, and `replay` of what it found.</summary>
[Category("Coyote")]
public sealed class ExploreVerbTests : CliFixture
{
    private const string ScenarioPath = "scenarios/fast/small-hybrid-failover.yaml";

    [SetUp]
    public void CopyScenario() =>
        WriteFile(ScenarioPath, File.ReadAllText(Path.Combine(LibraryScenario.RepositoryRoot, ScenarioPath)));

    [Test]
    public void Exits_0_with_the_documented_json_fields_when_no_iteration_finds_a_bug()
    {
        var result = Invoke("explore", ScenarioPath, "--iterations", "3", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
        using var summary = JsonDocument.Parse(result.LastOutLine);
        var root = summary.RootElement;
        foreach (var field in new[] { "scenario", "strategy", "iterations", "bugsFound", "firstBugIteration", "secondsToFirstBug", "stoppedBy", "elapsedMs", "iterationsPerSecond", "steps", "stepsPerSecond", "violations", "trace" })
        {
            Assert.That(root.TryGetProperty(field, out _), Is.True, $"missing {field}");
        }
        Assert.That(root.GetProperty("iterations").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("bugsFound").GetInt32(), Is.EqualTo(0));
        Assert.That(root.GetProperty("trace").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("stoppedBy").GetString(), Is.EqualTo("iterations"));
        Assert.That(root.GetProperty("steps").GetInt64(), Is.GreaterThan(3), "each iteration takes steps");
    }

    [Test]
    public void A_time_limit_stops_starting_iterations_and_says_so()
    {
        // Far more iterations than one second can run: the limit, not the budget, ends the exploration.
        var result = Invoke("explore", ScenarioPath, "--iterations", "1000000", "--time-limit", "1", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
        using var summary = JsonDocument.Parse(result.LastOutLine);
        Assert.That(summary.RootElement.GetProperty("stoppedBy").GetString(), Is.EqualTo("time-limit"));
        Assert.That(summary.RootElement.GetProperty("iterations").GetInt32(), Is.LessThan(1000000));
    }

    [Test]
    public void Exits_1_and_writes_a_trace_that_replay_reproduces_when_coyote_finds_a_bug()
    {
        var explored = Invoke("explore", ScenarioPath, "--iterations", "10", "--defect", "resume-rt-from-latest", "--out", "found", "--json");

        Assert.That(explored.ExitCode, Is.EqualTo(1), explored.Out + explored.Error);
        using var summary = JsonDocument.Parse(explored.LastOutLine);
        var tracePath = summary.RootElement.GetProperty("trace").GetString()!;
        Assert.That(File.Exists(tracePath), Is.True);
        Assert.That(explored.Out, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- replay found/"));
        Assert.That(summary.RootElement.GetProperty("violations")[0].GetProperty("invariant").GetString(), Is.EqualTo("no-lost-writes"));
        Assert.That(summary.RootElement.GetProperty("firstBugIteration").GetInt32(), Is.EqualTo(summary.RootElement.GetProperty("iterations").GetInt32()));
        Assert.That(summary.RootElement.GetProperty("secondsToFirstBug").GetDouble(), Is.GreaterThan(0));
        Assert.That(summary.RootElement.GetProperty("stoppedBy").GetString(), Is.EqualTo("bug"));

        var replayed = Invoke("replay", tracePath, "--json");

        using var replay = JsonDocument.Parse(replayed.LastOutLine);
        Assert.That(replay.RootElement.GetProperty("reproduced").GetBoolean(), Is.True, replayed.Out);
        Assert.That(replay.RootElement.GetProperty("traceSha256").GetString(),
            Is.EqualTo(summary.RootElement.GetProperty("traceSha256").GetString()));
        Assert.That(replayed.ExitCode, Is.EqualTo(1), "the replayed run misses the scenario's expectations as the explored one did");
    }

    [TestCase("--strategy", "dfs", "Coyote 1.7.11 keeps its DFS strategy internal")]
    [TestCase("--strategy", "bfs", "unknown --strategy 'bfs'")]
    [TestCase("--shard", "3/2", "--shard '3/2': expected K/N")]
    [TestCase("--iterations", "0", "--iterations must be at least 1")]
    [TestCase("--time-limit", "0", "--time-limit must be at least 1 second")]
    [TestCase("--time-limit", "soon", "--time-limit 'soon': expected a whole number")]
    public void Exits_2_naming_what_was_expected_for_bad_options(string option, string value, string message)
    {
        var result = Invoke("explore", ScenarioPath, option, value);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(message));
    }
}
