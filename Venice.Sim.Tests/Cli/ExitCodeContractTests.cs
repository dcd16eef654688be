using Venice.Sim.Cli;
using Venice.Sim.Tests.Scenarios;

namespace Venice.Sim.Tests.Cli;

/// <summary>
/// Exit code 2 for bad input of every kind, on every verb and flag (issue 16, item 3), with a
/// message in the user's words: no CLR type name, no stack frame.
/// </summary>
public sealed class Every_verb_and_flag_given_a_bad_value : CliFixture
{
    private const string Scenario = "s.yaml";

    private static readonly string[][] BadCommandLines =
    [
        [],
        ["frobnicate"],
        ["--bogus"],
        ["run"],
        ["run", "missing.yaml"],
        ["run", "folder"],
        ["run", "bad.yaml"],
        ["run", Scenario, "--seed", "abc"],
        ["run", Scenario, "--seed", "1.5"],
        ["run", Scenario, "--seed", "99999999999999999999"],
        ["run", Scenario, "--seed"],
        ["run", Scenario, "--defect", "make-it-fast"],
        ["run", Scenario, "--defect"],
        ["run", Scenario, "--trace", ""],
        ["run", Scenario, "--trace", Scenario],
        ["run", Scenario, "--trace", "/dev/full"],
        ["run", Scenario, "--trace", "folder"],
        ["run", Scenario, "--trace", "no/such/dir/t.jsonl"],
        ["run", Scenario, "--trace"],
        ["run", Scenario, "--json", "maybe"],
        ["run", Scenario, "--report", "no/such/dir/r.html"],
        ["run", Scenario, "--report", "folder"],
        ["run", Scenario, "--report", ""],
        ["run", Scenario, "--report", Scenario],
        ["run", Scenario, "--report", "/dev/full"],
        ["run", Scenario, "--report"],
        ["run", Scenario, "--trace", "same.out", "--report", "same.out"],
        ["run", Scenario, "--coverage", "maybe"],
        ["run", Scenario, "extra"],
        ["explore"],
        ["explore", "missing.yaml"],
        ["explore", Scenario, "--iterations", "abc"],
        ["explore", Scenario, "--iterations", "-1"],
        ["explore", Scenario, "--iterations", "0"],
        ["explore", Scenario, "--iterations", "99999999999"],
        ["explore", Scenario, "--max-steps", "0"],
        ["explore", Scenario, "--max-steps", "many"],
        ["explore", Scenario, "--strategy", "dfs"],
        ["explore", Scenario, "--strategy", "best"],
        ["explore", Scenario, "--time-limit", "0"],
        ["explore", Scenario, "--time-limit", "-5"],
        ["explore", Scenario, "--seed", "abc"],
        ["explore", Scenario, "--defect", "make-it-fast"],
        ["explore", Scenario, "--shard", "0/1"],
        ["explore", Scenario, "--shard", "3/2"],
        ["explore", Scenario, "--shard", "a/b"],
        ["explore", Scenario, "--out", Scenario],
        ["explore", Scenario, "--out", ""],
        ["explore", Scenario, "--report", "no/such/dir/r.html"],
        ["explore", Scenario, "--results", "folder"],
        ["explore", Scenario, "--junit", Scenario],
        ["explore", Scenario, "--results", "same.out", "--junit", "same.out"],
        ["check"],
        ["check", "missing.yaml"],
        ["check", "empty-folder"],
        ["check", "bad.yaml"],
        ["list", "extra"],
        ["replay"],
        ["replay", "missing.jsonl"],
        ["replay", "folder"],
        ["replay", "empty.jsonl"],
        ["replay", "unclosed.jsonl"],
        ["replay", "invalid-utf8.jsonl"],
        ["replay", "truncated.jsonl"],
        ["replay", "orphan.jsonl"],
        ["replay", "unknown-defect.jsonl"],
        ["replay", "bad-schedule.jsonl"],
        ["replay", "bad-step-policy.jsonl"],
        ["replay", "schedule-without-steps.jsonl"],
        ["replay", "good.jsonl", "--json", "maybe"],
        ["replay", "good.jsonl", "--report", "no/such/dir/r.html"],
        ["exhaust"],
        ["exhaust", "missing.yaml"],
        ["exhaust", Scenario, "--depth", "0"],
        ["exhaust", Scenario, "--depth", "abc"],
        ["exhaust", Scenario, "--max-faults", "-1"],
        ["exhaust", Scenario, "--faults", "bogus"],
        ["exhaust", Scenario, "--max-states", "0"],
        ["exhaust", Scenario, "--warmup", "x"],
        ["exhaust", Scenario, "--seed", "abc"],
        ["exhaust", Scenario, "--defect", "make-it-fast"],
        ["exhaust", Scenario, "--out", Scenario],
        ["exhaust", Scenario, "--out", ""],
        ["shrink-table", "--tests", "0"],
        ["shrink-table", "--tests", "abc"],
        ["shrink-table", "--defect", "bogus"],
        ["shrink-table", "--seed", "abc"],
        ["shrink-table", "--out", "folder"],
        ["shrink-table", "--out", "/dev/full"],
        ["shrink-table", "--out", "no/such/dir/p.md"],
        ["shrink-table", "--regressions", "missing-dir"],
        ["bug-finding", "--runs", "0"],
        ["bug-finding", "--budget", "0"],
        ["bug-finding", "--budget", "lots"],
        ["bug-finding", "--defect", "bogus"],
        ["bug-finding", "--driver", "bogus"],
        ["bug-finding", "--out", "folder"],
    ];

    [SetUp]
    public void WriteInputs()
    {
        WriteFile(Scenario, ScenarioTexts.Minimal);
        WriteFile("bad.yaml", "name: x\ncluster: {\n");
        WriteFile("folder/a.yaml", ScenarioTexts.Minimal);
        Directory.CreateDirectory("empty-folder");
        Assert.That(Invoke("run", Scenario, "--trace", "good.jsonl").ExitCode, Is.EqualTo(ExitCodes.Passed));
        var good = File.ReadAllText("good.jsonl");
        var header = good[..good.IndexOf('\n', StringComparison.Ordinal)];
        WriteFile("empty.jsonl", string.Empty);
        WriteFile("unclosed.jsonl", "{\n");
        File.WriteAllBytes("invalid-utf8.jsonl", [.. System.Text.Encoding.UTF8.GetBytes(header[..^2]), 0xC3, (byte)'(', (byte)'}', (byte)'}', (byte)'\n']);
        WriteFile("truncated.jsonl", good[..^3]);
        WriteFile("orphan.jsonl", good.Replace("\"scenarioPath\":\"s.yaml\"", "\"scenarioPath\":\"gone.yaml\"", StringComparison.Ordinal));
        WriteFile("bad-schedule.jsonl", good.Replace("\"seed\":1,", "\"seed\":1,\"coyoteSchedule\":\"not a schedule\",", StringComparison.Ordinal));
        WriteFile("bad-step-policy.jsonl", good.Replace("\"seed\":1,", "\"seed\":1,\"coyoteSchedule\":\"{\\\"veniceStepPolicy\\\":\\\"Fastest\\\"}\",", StringComparison.Ordinal));
        WriteFile("schedule-without-steps.jsonl", good.Replace("\"seed\":1,", "\"seed\":1,\"coyoteSchedule\":\"{\\\"Settings\\\":{\\\"Strategy\\\":\\\"random\\\"}}\",", StringComparison.Ordinal));
        WriteFile("unknown-defect.jsonl", good.Replace("\"defects\":[]", "\"defects\":[\"make-it-fast\"]", StringComparison.Ordinal));
    }

    private static IEnumerable<TestCaseData> Cases() =>
        BadCommandLines.Select(args => new TestCaseData((object)args).SetArgDisplayNames(args.Length == 0 ? "(nothing)" : string.Join(' ', args.Select(a => a.Length == 0 ? "''" : a))));

    [TestCaseSource(nameof(Cases))]
    public void Exits_2_with_a_message_in_plain_words(string[] args)
    {
        var result = Invoke(args);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.Out + result.Error);
        Assert.That(result.Error, Is.Not.Empty);
        Assert.That(result.Error, Does.Not.Contain("System.").And.Not.Contain("   at ").And.Not.Contain("internal error"));
        Assert.That(Runner.Requests, Has.Count.EqualTo(1), "only the setup's run ran");
    }

    [Test]
    public void A_seed_that_is_not_a_number_is_explained_as_a_whole_number()
    {
        var result = Invoke("run", Scenario, "--seed", "abc");

        Assert.That(result.Error, Does.Contain("--seed 'abc': expected a whole number"));
    }

    [Test]
    public void An_internal_error_asks_to_be_reported_and_names_the_command_that_reproduces_it()
    {
        Runner = new FakeScenarioRunner { Throws = new InvalidOperationException("engine exploded") };

        var result = Invoke("run", Scenario, "--seed", "3");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InternalError));
        Assert.That(result.Error, Does.Contain("please report"));
        Assert.That(result.Error, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run s.yaml --seed 3"));
    }
}
