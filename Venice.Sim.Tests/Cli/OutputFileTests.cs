using System.Text.Json;
using Venice.Sim.Cli;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Scenarios;

namespace Venice.Sim.Tests.Cli;

/// <summary>Every file the tool writes appears whole or not at all, and never over an input (issue 16, item 1).</summary>
public sealed class Output_files : CliFixture
{
    private const string ScenarioPath = "scenarios/fast/leader-crash.yaml";

    [SetUp]
    public void WriteScenario() => WriteFile(ScenarioPath, ScenarioTexts.DesignExample);

    [Test]
    public void A_trace_path_equal_to_the_scenario_is_refused_and_the_scenario_kept()
    {
        var run = Invoke("run", ScenarioPath, "--trace", "./scenarios/fast/../fast/leader-crash.yaml");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.Contain("that is the input file"));
        Assert.That(File.ReadAllText(ScenarioPath), Is.EqualTo(ScenarioTexts.DesignExample));
        Assert.That(Runner.Requests, Is.Empty);
    }

    [TestCase("", "--trace: the path is empty")]
    [TestCase("/dev/full", "--trace /dev/full: cannot write the trace file: /dev/full is not a regular file")]
    [TestCase("scenarios", "--trace scenarios: cannot write the trace file: scenarios is a directory")]
    [TestCase("no/such/dir/t.jsonl", "--trace no/such/dir/t.jsonl: cannot write the trace file: the directory of no/such/dir/t.jsonl does not exist")]
    public void An_unwritable_trace_path_is_refused_before_the_run_starts(string path, string message)
    {
        var run = Invoke("run", ScenarioPath, "--trace", path);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput), run.Error);
        Assert.That(run.Error, Does.StartWith(message));
        Assert.That(Runner.Requests, Is.Empty, "nothing ran");
    }

    [Test]
    public void An_engine_crash_leaves_the_previous_trace_and_no_temporary_file()
    {
        File.WriteAllText("trace.jsonl", "the previous trace\n");
        Runner = new FakeScenarioRunner { Throws = new InvalidOperationException("engine exploded") };

        var run = Invoke("run", ScenarioPath, "--trace", "trace.jsonl");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InternalError));
        Assert.That(File.ReadAllText("trace.jsonl"), Is.EqualTo("the previous trace\n"));
        Assert.That(Directory.GetFiles("."), Is.EqualTo(new[] { "./trace.jsonl" }));
    }

    [Test]
    public void A_successful_run_replaces_the_previous_trace_with_the_complete_new_one()
    {
        File.WriteAllText("trace.jsonl", "the previous trace\n");

        var run = Invoke("run", ScenarioPath, "--trace", "trace.jsonl", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        var read = Venice.Sim.Tracing.TraceReader.Read("trace.jsonl");
        Assert.That(read.Error, Is.Null);
        Assert.That(read.Trace!.Sha256Hex, Is.EqualTo(JsonDocument.Parse(run.LastOutLine).RootElement.GetProperty("traceSha256").GetString()));
        Assert.That(Directory.GetFiles("."), Is.EqualTo(new[] { "./trace.jsonl" }));
    }

    [Test]
    public void Explore_refuses_an_out_directory_that_is_a_file_before_exploring()
    {
        File.WriteAllText("taken", "a file");

        var run = Invoke("explore", ScenarioPath, "--out", "taken");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.StartWith("--out taken: cannot write there: taken is a file, not a directory"));
    }
}

/// <summary>traceSha256 does not depend on the directory a run starts in (issue 16, item 4).</summary>
public sealed class The_trace_hash : CliFixture
{
    [Test]
    public void Is_the_same_when_the_same_scenario_runs_from_two_directories()
    {
        VeniceSimCli.RunnerFactory = () => new ScenarioRunner();
        WriteFile("scenarios/fast/minimal.yaml", ScenarioTexts.Minimal);

        var fromRoot = Invoke("run", "scenarios/fast/minimal.yaml", "--json", "--trace", "root.jsonl");
        Directory.SetCurrentDirectory("scenarios");
        var fromScenarios = Invoke("run", "fast/minimal.yaml", "--json", "--trace", "../scenarios.jsonl");
        Directory.SetCurrentDirectory(WorkDirectory);

        Assert.That(fromRoot.ExitCode, Is.EqualTo(ExitCodes.Passed), fromRoot.Error);
        Assert.That(fromScenarios.ExitCode, Is.EqualTo(ExitCodes.Passed), fromScenarios.Error);
        Assert.That(File.ReadLines("root.jsonl").First(), Does.Contain("\"scenarioPath\":\"scenarios/fast/minimal.yaml\""));
        Assert.That(File.ReadLines("scenarios.jsonl").First(), Does.Contain("\"scenarioPath\":\"fast/minimal.yaml\""));
        Assert.That(Hash(fromScenarios), Is.EqualTo(Hash(fromRoot)));
    }

    [Test]
    public void Is_what_replay_reproduces_from_the_directory_the_trace_was_recorded_in()
    {
        VeniceSimCli.RunnerFactory = () => new ScenarioRunner();
        WriteFile("scenarios/fast/minimal.yaml", ScenarioTexts.Minimal);
        Directory.SetCurrentDirectory("scenarios");
        var recorded = Invoke("run", "fast/minimal.yaml", "--json", "--trace", "t.jsonl");

        var replayed = Invoke("replay", "t.jsonl", "--json");
        Directory.SetCurrentDirectory(WorkDirectory);

        Assert.That(replayed.ExitCode, Is.EqualTo(ExitCodes.Passed), replayed.Error);
        Assert.That(Hash(replayed), Is.EqualTo(Hash(recorded)));
    }

    private static string? Hash(CliInvocation invocation) =>
        JsonDocument.Parse(invocation.LastOutLine).RootElement.GetProperty("traceSha256").GetString();
}
