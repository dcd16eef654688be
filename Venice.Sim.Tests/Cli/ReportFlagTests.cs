using Venice.Sim.Cli;
using Venice.Sim.Model;
using Venice.Sim.Reports;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;
using Venice.Sim.Tests.Scenarios;

namespace Venice.Sim.Tests.Cli;

/// <summary>--report, --coverage and the verdict line of run and replay (docs/report.md, docs/cli.md).</summary>
[TestFixture]
public sealed class The_report_and_coverage_flags : CliFixture
{
    private const string ScenarioPath = "scenarios/fast/leader-crash.yaml";

    [SetUp]
    public void WriteScenario() => WriteFile(ScenarioPath, ScenarioTexts.DesignExample);

    [Test]
    public void Run_writes_the_report_and_names_it()
    {
        Directory.CreateDirectory("out");
        var run = Invoke("run", ScenarioPath, "--report", "out/r.html");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Error);
        Assert.That(run.Out, Does.Contain("report: out/r.html\n"));
        var html = File.ReadAllText("out/r.html");
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("id=\"verdict\" class=\"passed\"").And.Contain("id=\"coverage\""));
        Assert.That(Directory.GetFiles("out"), Is.EqualTo(new[] { Path.Combine("out", "r.html") }), "no temporary file is left");
    }

    [Test]
    public void A_report_into_a_missing_directory_is_refused_before_the_run_and_leaves_nothing()
    {
        Directory.CreateDirectory("out");
        var run = Invoke("run", ScenarioPath, "--report", "out/missing/r.html");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.Error, Does.Contain("--report out/missing/r.html").And.Contain("does not exist"));
        Assert.That(Runner.Requests, Is.Empty, "the run never started");
        Assert.That(Directory.EnumerateFileSystemEntries("out"), Is.Empty);
    }

    [Test]
    public void A_failing_run_prints_the_report_the_reproduce_line_and_a_plain_FAILED_verdict_last()
    {
        Runner = new FakeScenarioRunner { Violations = [new Violation("single-leader-writer", "two leaders wrote", 4100, 17)] };

        var run = Invoke("run", ScenarioPath, "--seed", "7", "--report", "r.html");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failed));
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.That(lines, Does.Contain("report: r.html"));
        Assert.That(lines[^2], Does.StartWith("reproduce: dotnet run --project Venice.Sim.Cli -c Release -- run scenarios/fast/leader-crash.yaml --seed 7"));
        Assert.That(lines[^1], Is.EqualTo("FAILED: 1 expectation not met"));
        Assert.That(run.Out, Does.Not.Contain("\u001b["), "no colour codes on a pipe");
        Assert.That(File.ReadAllText("r.html"), Does.Contain("class=\"failed\""));
    }

    [Test]
    public void A_passing_run_ends_with_PASSED()
    {
        var run = Invoke("run", ScenarioPath);
        Assert.That(run.LastOutLine, Is.EqualTo("PASSED: every expectation met"));
    }

    [Test]
    public void With_json_the_last_line_stays_the_summary()
    {
        var run = Invoke("run", ScenarioPath, "--json", "--report", "r.html", "--coverage");
        Assert.That(run.LastOutLine, Does.StartWith("{\"scenario\":"));
        Assert.That(File.Exists("r.html"));
    }

    [Test]
    public void Coverage_names_the_events_the_run_never_reached()
    {
        var run = Invoke("run", ScenarioPath, "--coverage");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed));
        Assert.That(run.Out, Does.Contain($"coverage: 1 of {CoverageCatalog.Events.Count} events reached over 1 run(s); never reached: {CoverageCatalog.Events.Count - 1}"),
            "the fake engine's trace reaches only its version line");
        Assert.That(run.Out, Does.Contain("never reached").And.Contain("helix STANDBY->LEADER").And.Contain("promotion aborted"));
    }

    [Test]
    public void Replay_writes_the_report_of_the_replayed_run()
    {
        Assert.That(Invoke("run", ScenarioPath, "--trace", "t.jsonl").ExitCode, Is.EqualTo(ExitCodes.Passed));

        var replay = Invoke("replay", "t.jsonl", "--report", "replayed.html");

        Assert.That(replay.ExitCode, Is.EqualTo(ExitCodes.Passed), replay.Error);
        Assert.That(replay.Out, Does.Contain("report: replayed.html"));
        Assert.That(File.ReadAllText("replayed.html"), Does.Contain("venice-sim report: "));
    }

    [Test]
    public void The_real_engine_gives_a_report_with_the_replicas_and_coverage_of_a_negative_scenario()
    {
        VeniceSimCli.RunnerFactory = () => new ScenarioRunner();
        const string negative = "scenarios/negative/promote-without-wait.yaml";
        WriteFile(negative, File.ReadAllText(Path.Combine(LibraryScenario.RepositoryRoot, negative)));

        var run = Invoke("run", negative, "--report", "n.html", "--coverage");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Passed), run.Out + run.Error);
        var html = File.ReadAllText("n.html");
        Assert.That(html, Does.Contain("members_v1-0@server-0").And.Contain("members_v1-0@server-2").And.Contain("single-leader-writer"));
        Assert.That(run.Out, Does.Match(@"coverage: \d+ of \d+ events reached over 1 run\(s\)"));
        Assert.That(run.Out, Does.Not.Contain("| helix OFFLINE->STANDBY "), "reached events are not listed as never reached");
    }

    [Test]
    [Category("Coyote")]
    public void Explore_writes_the_report_of_the_failing_iteration_and_the_coverage_of_all_iterations()
    {
        const string explored = "scenarios/fast/small-hybrid-failover.yaml";
        WriteFile(explored, File.ReadAllText(Path.Combine(LibraryScenario.RepositoryRoot, explored)));

        var run = Invoke("explore", explored, "--iterations", "10", "--defect", "resume-rt-from-latest", "--out", "found", "--report", "bug.html", "--coverage");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failed), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("report: bug.html"));
        Assert.That(run.Out, Does.Match(@"coverage: \d+ of \d+ events reached over \d+ run\(s\)"));
        var html = File.ReadAllText("bug.html");
        Assert.That(html, Does.Contain("class=\"failed\"").And.Contain("id=\"coverage\"").And.Contain("@server-0"));
    }
}
