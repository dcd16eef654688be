using System.Text.Json;
using System.Xml.Linq;
using Venice.Sim.Cli;
using Venice.Sim.Model;
using Venice.Sim.Tests.Scenarios;

namespace Venice.Sim.Tests.Cli.Shards;

/// <summary><c>run SCENARIO --seeds A..B</c> on the fake engine: which seeds run, exit codes, reproduce lines, results and JUnit files.</summary>
public sealed class The_run_verb_over_a_seed_range : CliFixture
{
    private const string Scenario = "scenarios/fast/minimal.yaml";

    [SetUp]
    public void WriteScenario() => WriteFile(Scenario, ScenarioTexts.Minimal);

    private long[] SeedsRun()
    {
        lock (Runner.Requests) return Runner.Requests.Select(request => request.Seed).Order().ToArray();
    }

    [Test]
    public void Runs_every_seed_of_the_range_once_and_exits_0_when_all_pass()
    {
        var run = Invoke("run", Scenario, "--seeds", "3..12", "--jobs", "3");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Out + run.Error);
        Assert.That(SeedsRun(), Is.EqualTo(Enumerable.Range(3, 10).Select(i => (long)i)));
        Assert.That(run.Out, Does.Contain("10 runs in").And.Contain("runs/s").And.Contain("PASSED: 10 of 10 seeds"));
    }

    [Test]
    public void Exits_1_and_prints_each_failing_seeds_reproduce_command_in_seed_order()
    {
        Runner = new FakeScenarioRunner { Violations = [new Violation("no-lost-writes", "key 3 lost", 9000, 40)], FailsSeed = seed => seed % 4 == 0 };

        var run = Invoke("run", Scenario, "--seeds", "1..10", "--defect", "keep-cv-on-drop");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failed));
        var reproduce = run.Out.Split('\n').Where(line => line.StartsWith("reproduce: ", StringComparison.Ordinal)).ToArray();
        Assert.That(reproduce, Is.EqualTo(new[]
        {
            "reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/minimal.yaml --seed 4 --defect keep-cv-on-drop",
            "reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/minimal.yaml --seed 8 --defect keep-cv-on-drop",
        }));
        Assert.That(run.Out, Does.Contain("FAILED: 2 of 10 seeds"));
    }

    [Test]
    public void Runs_only_its_shards_block_of_the_seeds()
    {
        var run = Invoke("run", Scenario, "--seeds", "1..1000", "--shard", "2/4");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        Assert.That(SeedsRun(), Is.EqualTo(Enumerable.Range(251, 250).Select(i => (long)i)));
        Assert.That(run.Out, Does.Contain("shard 2/4: seeds 251..500"));
    }

    [Test]
    public void Runs_nothing_and_passes_as_a_shard_left_without_seeds()
    {
        var run = Invoke("run", Scenario, "--seeds", "1..2", "--shard", "1/3", "--results", "r.json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        Assert.That(SeedsRun(), Is.Empty);
        using var results = JsonDocument.Parse(File.ReadAllText("r.json"));
        Assert.That(results.RootElement.GetProperty("slices").GetArrayLength(), Is.Zero);
        Assert.That(results.RootElement.GetProperty("totals").GetProperty("runs").GetInt64(), Is.Zero);
    }

    [Test]
    public void Writes_a_results_file_with_version_scenario_hash_shard_range_totals_failures_and_coverage()
    {
        Runner = new FakeScenarioRunner { Violations = [new Violation("no-lost-writes", "key 3 lost", 9000, 40)], FailsSeed = seed => seed == 5 };

        var run = Invoke("run", Scenario, "--seeds", "1..8", "--shard", "1/2", "--results", "r.json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), "seed 5 is shard 2's");
        using var document = JsonDocument.Parse(File.ReadAllText("r.json"));
        var root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
            {
                "format", "verb", "tool", "scenario", "defects", "parameters", "range", "shard", "slices", "totals", "failures", "coverage", "elapsedMs",
            }));
            Assert.That(root.GetProperty("tool").GetProperty("version").GetString(), Is.EqualTo(ToolInfo.Version).And.Not.Empty);
            Assert.That(root.GetProperty("scenario").GetProperty("name").GetString(), Is.EqualTo("minimal"));
            Assert.That(root.GetProperty("scenario").GetProperty("contentSha256").GetString(), Is.EqualTo(ToolInfo.ScenarioContentSha256(Scenario)).And.Length.EqualTo(64));
            Assert.That(root.GetProperty("range").GetProperty("first").GetInt64(), Is.EqualTo(1));
            Assert.That(root.GetProperty("range").GetProperty("last").GetInt64(), Is.EqualTo(8));
            Assert.That(root.GetProperty("shard").GetProperty("count").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("shard").GetProperty("indices")[0].GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("slices")[0].GetProperty("last").GetInt64(), Is.EqualTo(4), "shard 1/2 of 1..8 is 1..4; seed 5 is not in it");
            Assert.That(root.GetProperty("totals").GetProperty("failed").GetInt64(), Is.Zero);
            Assert.That(root.GetProperty("coverage").GetProperty("version ONLINE").GetInt64(), Is.EqualTo(4), "the fake's version line, once per seed of the shard");
        });
        Assert.That(run.Out, Does.Contain("results: r.json"));
    }

    [Test]
    public void Writes_junit_xml_with_one_testcase_per_seed_and_a_failure_for_each_failing_seed()
    {
        Runner = new FakeScenarioRunner { Violations = [new Violation("no-lost-writes", "key 3 lost", 9000, 40)], FailsSeed = seed => seed == 3 };

        var run = Invoke("run", Scenario, "--seeds", "1..4", "--junit", "r.xml");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failed));
        var suite = XDocument.Load("r.xml").Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToArray();
        Assert.That(cases.Select(c => (string?)c.Attribute("name")), Is.EqualTo(new[] { "seed 1", "seed 2", "seed 3", "seed 4" }));
        Assert.That((string?)suite.Attribute("tests"), Is.EqualTo("4"));
        Assert.That((string?)suite.Attribute("failures"), Is.EqualTo("1"));
        var failure = cases[2].Element("failure")!;
        Assert.That((string?)failure.Attribute("message"), Does.Contain("unexpected violation of no-lost-writes"));
        Assert.That(failure.Value, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/minimal.yaml --seed 3"));
        Assert.That(suite.Element("properties")!.Elements("property").Select(p => (string?)p.Attribute("name")),
            Does.Contain("tool.version").And.Contain("scenario.contentSha256").And.Contain("shards").And.Contain("range"));
    }

    [Test]
    public void Prints_the_same_results_for_any_number_of_jobs()
    {
        Runner = new FakeScenarioRunner { Violations = [new Violation("no-lost-writes", "key 3 lost", 9000, 40)], FailsSeed = seed => seed % 3 == 0 };

        var one = Invoke("run", Scenario, "--seeds", "1..40", "--jobs", "1", "--json");
        var four = Invoke("run", Scenario, "--seeds", "1..40", "--jobs", "4", "--json");

        Assert.That(WithoutWallTime(four.LastOutLine), Is.EqualTo(WithoutWallTime(one.LastOutLine)));
    }

    private static string WithoutWallTime(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"elapsedMs\":\\d+", "\"elapsedMs\":0");

    [Test]
    public void With_json_ends_with_the_results_document_on_one_line()
    {
        var run = Invoke("run", Scenario, "--seeds", "1..3", "--json");

        using var document = JsonDocument.Parse(run.LastOutLine);
        Assert.That(document.RootElement.GetProperty("totals").GetProperty("runs").GetInt64(), Is.EqualTo(3));
        Assert.That(run.Out, Does.Not.Contain("PASSED"), "the human summary is left out");
    }

    [Test]
    public void Leaves_no_results_file_behind_when_the_engine_crashes()
    {
        Runner = new FakeScenarioRunner { Throws = new InvalidOperationException("engine bug") };

        var run = Invoke("run", Scenario, "--seeds", "1..5", "--jobs", "1", "--results", "r.json", "--junit", "r.xml");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InternalError));
        Assert.That(run.Error, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/minimal.yaml --seed 1"));
        Assert.That(Directory.GetFiles(".", "*r.*", SearchOption.TopDirectoryOnly), Is.Empty, "neither file nor a temporary file");
    }
}
