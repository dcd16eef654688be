using System.Text.Json;
using Venice.Sim.Cli;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Scenarios;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Cli;

public sealed class The_run_verb : CliFixture
{
    private const string ScenarioPath = "scenarios/fast/leader-crash.yaml";

    [SetUp]
    public void WriteScenario() => WriteFile(ScenarioPath, ScenarioTexts.DesignExample);

    [Test]
    public void Exits_0_when_the_expectations_are_met()
    {
        var run = Invoke("run", ScenarioPath);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        Assert.That(run.Out, Does.Contain("PASSED").And.Not.Contain("reproduce:"));
    }

    [Test]
    public void Uses_the_scenario_seed_unless_told_otherwise()
    {
        Invoke("run", ScenarioPath);
        Invoke("run", ScenarioPath, "--seed", "42");

        Assert.That(Runner.Requests.Select(request => request.Seed), Is.EqualTo(new long[] { 7, 42 }));
    }

    [Test]
    public void Exits_1_and_prints_the_reproducing_command_when_expectations_are_not_met()
    {
        Runner = new FakeScenarioRunner { Violations = [new Violation("single-leader-writer", "two leaders wrote", 4100, 17)] };

        var run = Invoke("run", ScenarioPath, "--seed", "7", "--defect", "promote-without-wait");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failed));
        Assert.That(run.Out, Does.Contain("single-leader-writer").And.Contain("two leaders wrote"));
        Assert.That(
            run.Out,
            Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/leader-crash.yaml --seed 7 --defect promote-without-wait"));
    }

    [Test]
    public void With_json_ends_with_one_json_object_with_the_documented_fields()
    {
        Runner = new FakeScenarioRunner { Violations = [new Violation("no-lost-writes", "key 3 lost", 9000, 40)] };

        var run = Invoke("run", ScenarioPath, "--json", "--defect", "keep-cv-on-drop");

        using var summary = JsonDocument.Parse(run.LastOutLine);
        var root = summary.RootElement;
        Assert.That(root.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[]
        {
            "scenario", "seed", "defects", "outcome", "versionStatus", "violations", "expectationFailures", "steps", "simTimeMs", "traceSha256", "unfiredFaults",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("scenario").GetString(), Is.EqualTo("leader-crash-mid-push"));
            Assert.That(root.GetProperty("seed").GetInt64(), Is.EqualTo(7));
            Assert.That(root.GetProperty("defects")[0].GetString(), Is.EqualTo("keep-cv-on-drop"));
            Assert.That(root.GetProperty("outcome").GetString(), Is.EqualTo("failed"));
            Assert.That(root.GetProperty("versionStatus").GetString(), Is.EqualTo("ERROR"));
            Assert.That(root.GetProperty("traceSha256").GetString(), Has.Length.EqualTo(64));
        });
        var violation = root.GetProperty("violations")[0];
        Assert.That(violation.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "invariant", "message", "simTimeMs", "step", "actor" }));
        Assert.That(violation.GetProperty("step").GetInt64(), Is.EqualTo(40));
    }

    private static readonly FaultOutcome NeverFired =
        new(Fault.Crash(1).When(Milestone.EndOfPushConsumed("orders", 0)), null, "milestone EndOfPushConsumed orders partition 0 leader was never reached");

    [Test]
    public void Warns_about_each_fault_that_never_fired()
    {
        Runner = new FakeScenarioRunner { UnfiredFaults = [NeverFired] };

        var run = Invoke("run", ScenarioPath);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        Assert.That(run.Out, Does.Contain(
            "warning: fault Crash server-1 when EndOfPushConsumed orders partition 0 leader never fired: milestone EndOfPushConsumed orders partition 0 leader was never reached"));
    }

    [Test]
    public void Lists_the_faults_that_never_fired_in_json()
    {
        Runner = new FakeScenarioRunner { UnfiredFaults = [NeverFired] };

        using var summary = JsonDocument.Parse(Invoke("run", ScenarioPath, "--json").LastOutLine);

        var unfired = summary.RootElement.GetProperty("unfiredFaults")[0];
        Assert.That(unfired.GetProperty("fault").GetString(), Is.EqualTo("Crash server-1 when EndOfPushConsumed orders partition 0 leader"));
        Assert.That(unfired.GetProperty("reason").GetString(), Does.Contain("never reached"));
    }

    [Test]
    public void Reports_outcome_passed_in_json_when_expectations_are_met()
    {
        var run = Invoke("run", ScenarioPath, "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed));
        Assert.That(run.LastOutLine, Does.Contain("\"outcome\":\"passed\""));
    }

    [Test]
    public void Writes_the_trace_file_and_reports_its_hash()
    {
        var run = Invoke("run", ScenarioPath, "--trace", "out.jsonl", "--json");

        using var summary = JsonDocument.Parse(run.LastOutLine);
        Assert.That(summary.RootElement.GetProperty("traceSha256").GetString(), Is.EqualTo(Venice.Sim.Tracing.TraceReader.Read("out.jsonl").Trace!.Sha256Hex));
        Assert.That(File.ReadLines("out.jsonl").First(), Does.Contain("\"scenarioPath\":\"scenarios/fast/leader-crash.yaml\""));
    }

    [Test]
    public void Gives_the_same_trace_hash_for_the_same_seed_and_a_different_one_for_another_seed()
    {
        string Hash(params string[] args)
        {
            using var summary = JsonDocument.Parse(Invoke(["run", ScenarioPath, "--json", .. args]).LastOutLine);
            return summary.RootElement.GetProperty("traceSha256").GetString()!;
        }

        Assert.That(Hash("--seed", "3"), Is.EqualTo(Hash("--seed", "3")));
        Assert.That(Hash("--seed", "3"), Is.Not.EqualTo(Hash("--seed", "4")));
    }

    [Test]
    public void Puts_defects_in_catalog_order_whatever_the_flag_order()
    {
        Invoke("run", ScenarioPath, "--defect", "keep-cv-on-drop", "--defect", "promote-without-wait", "--defect", "keep-cv-on-drop");

        Assert.That(Runner.Requests.Single().Defects, Is.EqualTo(new[] { "promote-without-wait", "keep-cv-on-drop" }));
    }

    [Test]
    public void Exits_2_naming_line_and_column_for_an_unknown_key()
    {
        WriteFile("scenarios/bad.yaml", "name: bad\ndescription: d\ncluster:\n  replicas: 3\n");

        var run = Invoke("run", "scenarios/bad.yaml");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.StartWith("scenarios/bad.yaml:4:3: unknown key 'replicas' in cluster"));
        Assert.That(Runner.Requests, Is.Empty);
    }

    [Test]
    public void Exits_2_for_an_unknown_defect()
    {
        var run = Invoke("run", ScenarioPath, "--defect", "make-it-fast");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.Contain("unknown defect 'make-it-fast'").And.Contain("promote-without-wait"));
    }

    [Test]
    public void Exits_2_for_a_missing_scenario_file()
    {
        var run = Invoke("run", "scenarios/none.yaml");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.Contain("scenarios/none.yaml: file not found"));
    }

    [Test]
    public void Exits_2_for_a_config_option_the_engine_does_not_know()
    {
        VeniceSimCli.ScenarioLoadOptions = new ScenarioLoadOptions { KnownConfigOptions = new HashSet<string> { "promotionDelayMs" } };

        var run = Invoke("run", ScenarioPath);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.StartWith("scenarios/fast/leader-crash.yaml:10:11: unknown config option 'checksum'; expected one of: promotionDelayMs"));
    }

    [TestCase("run", ScenarioPath, "--seed", "abc")]
    [TestCase("run")]
    [TestCase("frobnicate")]
    [TestCase]
    public void Exits_2_on_a_command_line_parse_error(params string[] args)
    {
        var run = Invoke(args);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.Contain("venice-sim"));
    }

    [Test]
    public void Exits_0_with_help()
    {
        var run = Invoke("run", "--help");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Out, Does.Contain("--defect"));
    }

    [Test]
    public void Exits_70_on_an_internal_error_without_a_stack_trace_by_default()
    {
        Runner = new FakeScenarioRunner { Throws = new InvalidOperationException("engine exploded") };

        var run = WithDebugVariable(null, () => Invoke("run", ScenarioPath));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InternalError));
        Assert.That(run.Error, Does.Contain("internal error: InvalidOperationException: engine exploded"));
        Assert.That(run.Error, Does.Not.Contain(" at "));
        Assert.That(run.Error, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/leader-crash.yaml --seed 7"));
    }

    [Test]
    public void Prints_the_stack_trace_of_an_internal_error_when_debugging()
    {
        Runner = new FakeScenarioRunner { Throws = new InvalidOperationException("engine exploded") };

        var run = WithDebugVariable("1", () => Invoke("run", ScenarioPath));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InternalError));
        Assert.That(run.Error, Does.Contain(" at "));
    }

    [Test]
    public void Exits_70_when_the_runner_writes_no_trace_header()
    {
        Runner = new FakeScenarioRunner { WritesHeader = false };

        Assert.That(Invoke("run", ScenarioPath).ExitCode, Is.EqualTo(ExitCodes.InternalError));
    }

    private static CliInvocation WithDebugVariable(string? value, Func<CliInvocation> action)
    {
        var previous = Environment.GetEnvironmentVariable(VeniceSimCli.DebugVariable);
        Environment.SetEnvironmentVariable(VeniceSimCli.DebugVariable, value);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(VeniceSimCli.DebugVariable, previous);
        }
    }
}

public sealed class The_check_verb : CliFixture
{
    [Test]
    public void Exits_0_when_every_file_is_valid()
    {
        WriteFile("scenarios/fast/a.yaml", ScenarioTexts.DesignExample);
        WriteFile("scenarios/fast/b.yaml", ScenarioTexts.Minimal);

        var run = Invoke("check", "scenarios/fast/a.yaml", "scenarios/fast/b.yaml");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        Assert.That(run.Out, Does.Contain("ok scenarios/fast/a.yaml (leader-crash-mid-push)").And.Contain("ok scenarios/fast/b.yaml (minimal)"));
        Assert.That(Runner.Requests, Is.Empty);
    }

    [Test]
    public void Exits_2_and_names_every_invalid_file()
    {
        WriteFile("scenarios/a.yaml", ScenarioTexts.Minimal.Replace("servers: 3", "servers: 0", StringComparison.Ordinal));
        WriteFile("scenarios/b.yaml", ScenarioTexts.Minimal + "extra: 1\n");

        var run = Invoke("check", "scenarios");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.Contain("scenarios/a.yaml:3:21: cluster.servers must be at least 1").And.Contain("scenarios/b.yaml:8:1: unknown key 'extra'"));
    }

    [Test]
    public void Rejects_two_scenarios_with_the_same_name()
    {
        WriteFile("scenarios/a.yaml", ScenarioTexts.Minimal);
        WriteFile("scenarios/b.yaml", ScenarioTexts.Minimal);

        var run = Invoke("check", "scenarios");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.Contain("scenarios/b.yaml: scenario name 'minimal' is already used by scenarios/a.yaml"));
    }
}

public sealed class The_list_verb : CliFixture
{
    [Test]
    public void Lists_scenarios_sorted_by_path_then_invariants_and_defects()
    {
        WriteFile("scenarios/slow/z.yaml", ScenarioTexts.Minimal);
        WriteFile("scenarios/fast/a.yaml", ScenarioTexts.DesignExample);

        var run = Invoke("list");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        var fast = run.Out.IndexOf("scenarios/fast/a.yaml", StringComparison.Ordinal);
        var slow = run.Out.IndexOf("scenarios/slow/z.yaml", StringComparison.Ordinal);
        Assert.That(fast, Is.GreaterThanOrEqualTo(0).And.LessThan(slow));
        Assert.That(run.Out, Does.Contain("leader-crash-mid-push").And.Contain("Smallest valid scenario."));
        Assert.That(run.Out, Does.Contain("single-leader-writer").And.Contain("followers-catch-up"));
        Assert.That(run.Out, Does.Contain("promote-without-wait").And.Contain("demote-without-drain"));
    }
}

public sealed class The_replay_verb : CliFixture
{
    private const string ScenarioPath = "scenarios/fast/leader-crash.yaml";

    [SetUp]
    public void RecordTrace()
    {
        WriteFile(ScenarioPath, ScenarioTexts.DesignExample);
        var recorded = Invoke("run", ScenarioPath, "--seed", "9", "--defect", "div-ignores-gaps", "--trace", "trace.jsonl");
        Assert.That(recorded.ExitCode, Is.EqualTo(ExitCodes.Passed), recorded.Error);
    }

    [Test]
    public void Reproduces_the_recorded_hash_with_the_recorded_seed_and_defects()
    {
        var replay = Invoke("replay", "trace.jsonl", "--json");

        Assert.That(replay.ExitCode, Is.EqualTo(ExitCodes.Passed), replay.Error);
        using var summary = JsonDocument.Parse(replay.LastOutLine);
        var root = summary.RootElement;
        Assert.That(root.GetProperty("reproduced").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("traceSha256").GetString(), Is.EqualTo(root.GetProperty("recordedTraceSha256").GetString()));
        Assert.That(Runner.Requests[^1].Seed, Is.EqualTo(9));
        Assert.That(Runner.Requests[^1].Defects, Is.EqualTo(new[] { "div-ignores-gaps" }));
    }

    [Test]
    public void Exits_1_and_shows_the_first_difference_for_a_tampered_trace()
    {
        var lines = File.ReadAllLines("trace.jsonl");
        lines[2] = lines[2].Replace("\"simTimeMs\":200", "\"simTimeMs\":201", StringComparison.Ordinal);
        File.WriteAllText("trace.jsonl", string.Join('\n', lines) + "\n");

        var replay = Invoke("replay", "trace.jsonl", "--json");

        Assert.That(replay.ExitCode, Is.EqualTo(ExitCodes.Failed));
        Assert.That(replay.LastOutLine, Does.Contain("\"reproduced\":false").And.Contain("\"outcome\":\"failed\""));
        Assert.That(replay.LastOutLine, Does.Contain("first difference at line 3"));
        Assert.That(replay.Out, Does.Contain("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- replay trace.jsonl"));
    }

    [Test]
    public void Exits_2_for_a_malformed_trace_naming_the_line()
    {
        File.AppendAllText("trace.jsonl", "{oops\n");

        var replay = Invoke("replay", "trace.jsonl");

        Assert.That(replay.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(replay.Error, Does.StartWith("trace.jsonl:"));
    }

    [Test]
    public void Exits_2_when_the_scenario_the_trace_names_is_gone()
    {
        File.Delete(ScenarioPath);

        var replay = Invoke("replay", "trace.jsonl");

        Assert.That(replay.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(replay.Error, Does.Contain("scenarios/fast/leader-crash.yaml: file not found"));
    }
}
