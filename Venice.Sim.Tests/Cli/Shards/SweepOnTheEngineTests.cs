using System.Text.Json;
using System.Xml.Linq;
using Venice.Sim.Cli;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Tests.Cli.Shards;

/// <summary>
/// Seed sweeps on the real engine: every seed's trace is the one <c>run --seed S</c> writes, on any
/// number of threads, and four shards of a thousand seeds merge into the totals of one run of the
/// thousand (issue 15's "done when"). The scenario is tiny (a few milliseconds a run) so a thousand
/// seeds take seconds; its random crash makes some seeds fail, so failures are compared too.
/// </summary>
public sealed class A_seed_sweep_on_the_engine : CliFixture
{
    private const string Scenario = "scenarios/tiny-sweep.yaml";

    /// <summary>Two servers, one partition of 12 records, one random crash in the first 5 s.</summary>
    private const string TinySweep = """
        name: tiny-sweep
        description: A very small batch store with one random crash, for sweeping many seeds quickly.
        seed: 1
        cluster: { servers: 2, partitions: 1, replicationFactor: 2 }
        store:
          name: tiny
          kind: batch
          push: { records: 12, keys: 6, valueBytes: 8 }
        random: { crashes: 1 }
        phases: { faultsUntil: 5s, settleWithin: 300s }
        expect: { versionStatus: ONLINE, violations: [] }

        """;

    [SetUp]
    public void UseTheRealEngine()
    {
        WriteFile(Scenario, TinySweep);
        VeniceSimCli.RunnerFactory = () => new ScenarioRunner();
    }

    [Test]
    public void Gives_every_seed_the_trace_hash_of_its_own_run_on_any_number_of_threads()
    {
        var sweep = Invoke("run", Scenario, "--seeds", "1..12", "--jobs", "3", "--junit", "sweep.xml");

        Assert.That(sweep.ExitCode, Is.AnyOf(ExitCodes.Passed, ExitCodes.Failed), sweep.Error);
        var swept = XDocument.Load("sweep.xml").Descendants("testcase").ToDictionary(
            c => long.Parse(((string)c.Attribute("name")!)["seed ".Length..], System.Globalization.CultureInfo.InvariantCulture),
            c => c.Element("system-out")!.Value.Split('\n')[0]["traceSha256 ".Length..]);
        Assert.That(swept.Keys, Is.EqualTo(Enumerable.Range(1, 12).Select(i => (long)i)));
        foreach (var (seed, hash) in swept)
        {
            var single = Invoke("run", Scenario, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            using var summary = JsonDocument.Parse(single.LastOutLine);
            Assert.That(hash, Is.EqualTo(summary.RootElement.GetProperty("traceSha256").GetString()), $"seed {seed}");
        }
    }

    [Test]
    public void Merges_four_shards_of_a_thousand_seeds_into_the_totals_of_one_run_of_the_thousand()
    {
        var whole = Invoke("run", Scenario, "--seeds", "1..1000", "--results", "whole.json");
        for (int k = 1; k <= 4; k++)
        {
            var shard = Invoke("run", Scenario, "--seeds", "1..1000", "--shard", $"{k}/4", "--results", $"shard{k}.json");
            Assert.That(shard.ExitCode, Is.AnyOf(ExitCodes.Passed, ExitCodes.Failed), shard.Error);
        }

        var merge = Invoke("merge", "shard3.json", "shard1.json", "shard4.json", "shard2.json", "--results", "merged.json");

        Assert.That(merge.ExitCode, Is.EqualTo(whole.ExitCode), merge.Error);
        using var one = JsonDocument.Parse(File.ReadAllText("whole.json"));
        using var merged = JsonDocument.Parse(File.ReadAllText("merged.json"));
        foreach (var field in new[] { "totals", "failures", "coverage", "slices", "scenario", "range" })
        {
            Assert.That(merged.RootElement.GetProperty(field).GetRawText(), Is.EqualTo(one.RootElement.GetProperty(field).GetRawText()), field);
        }

        Assert.That(one.RootElement.GetProperty("totals").GetProperty("runs").GetInt64(), Is.EqualTo(1000));
        Assert.That(merged.RootElement.GetProperty("coverage").GetProperty("version STARTED").GetInt64(), Is.EqualTo(1000), "each run's version starts once");
    }
}
