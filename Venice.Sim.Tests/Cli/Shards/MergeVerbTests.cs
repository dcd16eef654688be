using System.Text.Json;
using System.Xml.Linq;
using Venice.Sim.Cli;
using Venice.Sim.Model;
using Venice.Sim.Tests.Scenarios;

namespace Venice.Sim.Tests.Cli.Shards;

/// <summary><c>merge RESULTS...</c> on shard results the run verb wrote (fake engine), and on bad input.</summary>
public sealed class The_merge_verb : CliFixture
{
    private const string Scenario = "scenarios/fast/minimal.yaml";

    [SetUp]
    public void WriteScenarioAndShards()
    {
        WriteFile(Scenario, ScenarioTexts.Minimal);
        Runner = new FakeScenarioRunner { Violations = [new Violation("no-lost-writes", "key 3 lost", 9000, 40)], FailsSeed = seed => seed % 10 == 7 };
        Directory.CreateDirectory("shards");
        Directory.CreateDirectory("pass");
        for (int k = 1; k <= 3; k++)
        {
            var shard = Invoke("run", Scenario, "--seeds", "1..60", "--shard", $"{k}/3", "--results", $"shards/s{k}.json");
            Assert.That(shard.ExitCode, Is.EqualTo(ExitCodes.Failed), shard.Error);
        }
    }

    [Test]
    public void Combines_the_shards_into_the_totals_and_failures_of_the_whole_range()
    {
        var merge = Invoke("merge", "shards/s2.json", "shards/s3.json", "shards/s1.json", "--results", "merged.json", "--junit", "merged.xml");

        Assert.That(merge.ExitCode, Is.EqualTo(ExitCodes.Failed), "six seeds failed");
        Assert.That(merge.Out, Does.Contain("60 runs: 54 passed, 6 failed"));
        Assert.That(merge.Out, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/minimal.yaml --seed 57"));
        using var merged = JsonDocument.Parse(File.ReadAllText("merged.json"));
        Assert.That(merged.RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("seed").GetInt64()), Is.EqualTo(new long[] { 7, 17, 27, 37, 47, 57 }));
        Assert.That(merged.RootElement.GetProperty("shard").GetProperty("indices").GetArrayLength(), Is.EqualTo(3));
        var cases = XDocument.Load("merged.xml").Descendants("testcase").ToArray();
        Assert.That(cases.Count(c => c.Element("failure") is not null), Is.EqualTo(6));
        Assert.That(cases.Select(c => (string?)c.Attribute("name")), Does.Contain("shard 2/3: seeds 21..40").And.Contain("seed 57"));
    }

    [Test]
    public void Takes_a_directory_for_every_results_file_under_it()
    {
        var merge = Invoke("merge", "shards", "--json");

        using var merged = JsonDocument.Parse(merge.LastOutLine);
        Assert.That(merged.RootElement.GetProperty("totals").GetProperty("runs").GetInt64(), Is.EqualTo(60));
    }

    [Test]
    public void Exits_1_and_names_the_missing_shard_when_one_is_missing()
    {
        Runner = new FakeScenarioRunner();
        Invoke("run", Scenario, "--seeds", "1..60", "--shard", "1/3", "--results", "pass/s1.json");
        Invoke("run", Scenario, "--seeds", "1..60", "--shard", "3/3", "--results", "pass/s3.json");

        var merge = Invoke("merge", "pass/s1.json", "pass/s3.json");

        Assert.That(merge.ExitCode, Is.EqualTo(ExitCodes.Failed));
        Assert.That(merge.Out, Does.Contain("warning: no results for shard 2/3 (seeds 21..40)").And.Contain("FAILED: 1 of 3 shard(s) missing"));
    }

    [Test]
    public void Refuses_results_of_a_changed_scenario_naming_both_files()
    {
        WriteFile(Scenario, ScenarioTexts.Minimal + "seed: 9\n");
        Invoke("run", Scenario, "--seeds", "1..60", "--shard", "3/3", "--results", "changed.json");

        var merge = Invoke("merge", "shards/s1.json", "shards/s2.json", "changed.json");

        AssertBadInput(merge, "shards/s1.json and changed.json are results of different scenario contents");
    }

    [Test]
    public void Refuses_results_of_another_simulator_version()
    {
        WriteFile("old.json", Rewrite("shards/s3.json", text => text.Replace($"\"version\": \"{ToolInfo.Version}\"", "\"version\": \"0.1.0\"", StringComparison.Ordinal)));

        var merge = Invoke("merge", "shards/s1.json", "shards/s2.json", "old.json");

        AssertBadInput(merge, "shards/s1.json and old.json were written by different venice-sim versions");
        Assert.That(merge.Error, Does.Contain("0.1.0"));
    }

    [Test]
    public void Refuses_overlapping_shards()
    {
        File.Copy("shards/s2.json", "again.json");

        var merge = Invoke("merge", "shards/s1.json", "shards/s2.json", "again.json");

        AssertBadInput(merge, "shards/s2.json and again.json overlap: both hold shard 2/3 (seeds 21..40)");
    }

    [TestCase("{\"format\": 1,", "truncated.json:1:13: not valid JSON")]
    [TestCase("[1, 2]", "truncated.json: $ is an array; expected an object")]
    [TestCase("{\"format\": 1}", "truncated.json: $.verb is missing")]
    public void Refuses_a_malformed_results_file_with_its_line_and_column(string text, string message)
    {
        WriteFile("truncated.json", text);

        var merge = Invoke("merge", "shards/s1.json", "truncated.json");

        AssertBadInput(merge, message);
    }

    [Test]
    public void Refuses_a_results_file_whose_totals_disagree_with_its_failures()
    {
        WriteFile("edited.json", Rewrite("shards/s1.json", text => text.Replace("\"failed\": 2", "\"failed\": 1", StringComparison.Ordinal).Replace("\"passed\": 18", "\"passed\": 19", StringComparison.Ordinal)));

        var merge = Invoke("merge", "edited.json", "shards/s2.json");

        AssertBadInput(merge, "edited.json: $.failures lists 2 failure(s) but $.totals.failed is 1");
    }

    [Test]
    public void Refuses_a_missing_file_and_an_output_that_is_one_of_its_inputs()
    {
        AssertBadInput(Invoke("merge", "shards/s1.json", "nowhere.json"), "merge: nowhere.json: no such file or directory");
        AssertBadInput(Invoke("merge", "shards/s1.json", "--results", "shards/s1.json"), "--results shards/s1.json: that is the input file");
    }

    private static string Rewrite(string path, Func<string, string> change) => change(File.ReadAllText(path));

    private static void AssertBadInput(CliInvocation merge, string message)
    {
        Assert.That(merge.ExitCode, Is.EqualTo(ExitCodes.BadInput), merge.Out + merge.Error);
        Assert.That(merge.Error, Does.Contain(message));
        Assert.That(merge.Error, Does.Not.Contain("   at ").And.Not.Contain("internal error"));
    }
}
