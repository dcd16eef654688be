using Venice.Sim.Cli;
using Venice.Sim.Tests.Scenarios;

namespace Venice.Sim.Tests.Cli.Shards;

/// <summary>The sharding flags given bad values: exit 2, a message in plain words, and no run.</summary>
public sealed class The_sharding_flags_given_a_bad_value : CliFixture
{
    private const string Scenario = "s.yaml";

    private static readonly (string[] Args, string Message)[] BadCommandLines =
    [
        (["run", Scenario, "--seeds", "10..1"], "--seeds '10..1': the first seed is greater than the last"),
        (["run", Scenario, "--seeds", "1-10"], "--seeds '1-10': expected A..B"),
        (["run", Scenario, "--seeds", "1..10", "--seed", "3"], "give --seed N or --seeds A..B, not both"),
        (["run", Scenario, "--seeds", "1..10", "--trace", "t.jsonl"], "--trace writes one run's trace"),
        (["run", Scenario, "--results", "r.json"], "need --seeds A..B"),
        (["run", Scenario, "--shard", "1/2"], "need --seeds A..B"),
        (["run", Scenario, "--seeds", "1..10", "--shard", "3/2"], "--shard '3/2': expected K/N"),
        (["run", Scenario, "--seeds", "1..10", "--jobs", "0"], "--jobs 0: expected at least 1"),
        (["run", Scenario, "--seeds", "1..10", "--jobs", "many"], "--jobs 'many': expected a whole number"),
        (["run", Scenario, "--seeds", "1..10", "--results", "folder"], "--results folder: cannot write the file"),
        (["run", Scenario, "--seeds", "1..10", "--results", "no/such/dir/r.json"], "--results no/such/dir/r.json: cannot write the file"),
        (["run", Scenario, "--seeds", "1..10", "--junit", Scenario], "--junit s.yaml: that is the input file"),
        (["run", Scenario, "--seeds", "1..10", "--results", "same.out", "--junit", "same.out"], "--results and --junit both name same.out"),
        (["explore", Scenario, "--iterations", "3", "--shard", "1/4"], "fewer iterations than shards"),
        (["explore", Scenario, "--results", "/dev/full"], "--results /dev/full: cannot write the file"),
        (["merge"], "Required argument missing"),
        (["merge", "folder"], "merge: folder: no *.json results files in that directory"),
    ];

    [SetUp]
    public void WriteInputs()
    {
        WriteFile(Scenario, ScenarioTexts.Minimal);
        Directory.CreateDirectory("folder");
    }

    private static IEnumerable<TestCaseData> Cases() =>
        BadCommandLines.Select(c => new TestCaseData(c.Args, c.Message).SetArgDisplayNames(string.Join(' ', c.Args)));

    [TestCaseSource(nameof(Cases))]
    public void Exits_2_naming_what_is_wrong_before_running_anything(string[] args, string message)
    {
        var result = Invoke(args);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.Out + result.Error);
        Assert.That(result.Error, Does.Contain(message));
        Assert.That(result.Error, Does.Not.Contain("System.").And.Not.Contain("   at ").And.Not.Contain("internal error"));
        Assert.That(Runner.Requests, Is.Empty, "nothing ran");
        Assert.That(Directory.GetFiles(".", "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file left behind");
    }
}
