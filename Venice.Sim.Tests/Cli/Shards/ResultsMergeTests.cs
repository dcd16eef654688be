using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.Cli;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Cli.Shards;

/// <summary>Merging shard results (docs/sharding.md#merge): order-independent, and refusing results that do not belong together.</summary>
[TestFixture]
[Category("Property")]
public sealed class Merging_shard_results
{
    private const string Sha = "5f2b0c4c0ea1e2b8a4c1e9a3d6b0f7c2a1e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8";

    /// <summary>The results of shard K of N over 1..<paramref name="seeds"/>, with the given seeds failing and a coverage map derived from them.</summary>
    internal static ShardResults Shard(int index, int count, long seeds, IEnumerable<long>? failing = null, string sha = Sha, string version = "0.2.0")
    {
        var range = new SeedRange(1, seeds);
        var slice = new ShardSpec(index, count).SliceOf(range);
        var failed = (failing ?? []).Where(seed => slice is { } s && seed >= s.First && seed <= s.Last).Distinct().Order().ToArray();
        long runs = slice is { } block ? (long)block.Count : 0;
        var coverage = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["end"] = runs, ["violation"] = failed.Length, [$"shard-{index}"] = 1 };
        return new ShardResults(
            "run", version, new ResultsScenario("tiny", "scenarios/tiny.yaml", sha), [], [],
            new ResultsRange(ResultsRange.SeedUnit, 1, seeds), count, [index], slice is { } b ? [b] : [],
            new ResultsTotals(runs, runs - failed.Length, failed.Length),
            failed.Select(seed => new ResultsFailure(seed, null, "ERROR", [new Violation("no-lost-writes", $"seed {seed} lost a key", 900, 12)], ["unexpected violation of no-lost-writes"],
                null, new string('a', 64), null, $"dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/tiny.yaml --seed {seed}")).ToArray(),
            coverage,
            ElapsedMs: 10 * index);
    }

    private static ShardResults Merge(IEnumerable<ShardResults> shards) =>
        ResultsMerge.Merge(shards.Select((results, i) => new ResultsMerge.Input($"shard-{i}.json", results)).ToArray());

    /// <summary>A split of 1..seeds into N shards with some failing seeds, and an order to merge them in.</summary>
    private static Arbitrary<(int Shards, long Seeds, long[] Failing, int[] Order)> Splits() =>
        (from shards in Gen.Choose(1, 12)
         from seeds in Gen.Choose(1, 5_000)
         from failing in Gen.Choose(1, seeds).Select(s => (long)s).ArrayOf()
         from order in Gen.Shuffle(Enumerable.Range(1, shards).ToArray())
         select (shards, (long)seeds, failing, order)).ToArbitrary();

    [Test]
    public void Gives_the_same_bytes_whatever_order_the_shards_come_in()
    {
        var property = Prop.ForAll(Splits(), split =>
        {
            var shards = Enumerable.Range(1, split.Shards).Select(k => Shard(k, split.Shards, split.Seeds, split.Failing)).ToArray();
            string inOrder = ResultsJson.ToText(Merge(shards));
            string shuffled = ResultsJson.ToText(Merge(split.Order.Select(k => shards[k - 1])));
            return (inOrder == shuffled).Label($"{split.Shards} shards of 1..{split.Seeds}, merged in order {string.Join(",", split.Order)}");
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }

    [Test]
    public void Is_associative_so_a_merge_of_merges_is_the_merge_of_all()
    {
        var property = Prop.ForAll(Splits(), split =>
        {
            var shards = split.Order.Select(k => Shard(k, split.Shards, split.Seeds, split.Failing)).ToArray();
            int half = shards.Length / 2;
            var once = ResultsJson.ToText(Merge(shards));
            var twice = half == 0 ? once : ResultsJson.ToText(Merge([Merge(shards[..half]), Merge(shards[half..])]));
            return (once == twice).Label($"{split.Shards} shards, split after {half}");
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), property);
    }

    [Test]
    public void Sums_totals_and_coverage_and_lists_every_failure_in_seed_order()
    {
        var merged = Merge([Shard(2, 3, 90, [50, 40]), Shard(1, 3, 90, [5, 2]), Shard(3, 3, 90, [85, 70])]);

        Assert.Multiple(() =>
        {
            Assert.That(merged.Totals, Is.EqualTo(new ResultsTotals(90, 84, 6)));
            Assert.That(merged.Failures.Select(f => f.Seed), Is.EqualTo(new long[] { 2, 5, 40, 50, 70, 85 }));
            Assert.That(merged.Failures.Select(f => f.Reproduce), Has.All.Contain("run scenarios/tiny.yaml --seed "));
            Assert.That(merged.Coverage!["end"], Is.EqualTo(90));
            Assert.That(merged.Coverage!["violation"], Is.EqualTo(6));
            Assert.That(merged.Coverage!.Keys, Does.Contain("shard-1").And.Contain("shard-2").And.Contain("shard-3"));
            Assert.That(merged.Shards, Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(merged.Slices, Is.EqualTo(new[] { new SeedRange(1, 90) }), "adjacent blocks join into the range");
            Assert.That(merged.Complete, Is.True);
        });
    }

    [Test]
    public void Says_which_shards_are_missing()
    {
        var merged = Merge([Shard(1, 4, 100), Shard(4, 4, 100)]);

        Assert.That(merged.MissingShards, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(merged.Slices, Is.EqualTo(new[] { new SeedRange(1, 25), new SeedRange(76, 100) }));
    }

    [Test]
    public void Round_trips_through_its_json_file_format()
    {
        var merged = Merge([Shard(1, 2, 10, [3]), Shard(2, 2, 10, [9])]);

        string text = ResultsJson.ToText(merged);

        Assert.That(ResultsJson.ToText(ResultsJson.Parse(System.Text.Encoding.UTF8.GetBytes(text), "m.json")), Is.EqualTo(text));
    }

    [Test]
    public void Refuses_results_of_different_scenario_contents_naming_both_files()
    {
        var refused = Assert.Throws<CliUsageException>(() => Merge([Shard(1, 2, 10), Shard(2, 2, 10, sha: new string('b', 64))]));

        Assert.That(refused!.Message, Does.Contain("shard-0.json and shard-1.json").And.Contain("different scenario contents").And.Contain(new string('b', 64)));
    }

    [Test]
    public void Refuses_results_of_different_simulator_versions()
    {
        var refused = Assert.Throws<CliUsageException>(() => Merge([Shard(1, 2, 10), Shard(2, 2, 10, version: "0.3.0")]));

        Assert.That(refused!.Message, Does.Contain("different venice-sim versions").And.Contain("0.2.0").And.Contain("0.3.0"));
    }

    [Test]
    public void Refuses_two_results_that_hold_the_same_shard()
    {
        var refused = Assert.Throws<CliUsageException>(() => Merge([Shard(1, 2, 10), Shard(2, 2, 10), Shard(2, 2, 10, [7])]));

        Assert.That(refused!.Message, Does.Contain("shard-1.json and shard-2.json overlap").And.Contain("shard 2/2 (seeds 6..10)"));
    }

    [Test]
    public void Refuses_shards_of_different_splits()
    {
        var refused = Assert.Throws<CliUsageException>(() => Merge([Shard(1, 2, 10), Shard(2, 4, 10)]));

        Assert.That(refused!.Message, Does.Contain("different shard counts"));
    }
}
