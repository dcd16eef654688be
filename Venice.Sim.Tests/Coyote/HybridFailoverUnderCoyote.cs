using Venice.Sim.Coyote;
using Venice.Sim.Exploration;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Coyote;

/// <summary>
/// Coyote systematic tests of a hybrid store meeting crashes, session expiries and a pause: Coyote
/// chooses the interleaving and where the scenario's `random:` faults land, the world is built as
/// `venice-sim run` builds it, and a bug comes back as a schedule that replays it exactly.
/// </summary>
[TestFixture]
[Category("Coyote")]
public sealed class HybridFailoverUnderCoyote
{
    private const string ScenarioPath = "scenarios/fast/small-hybrid-failover.yaml";

    private static Scenario Scenario => LibraryScenario.Load(ScenarioPath);

    private static ExplorationResult Explore(IReadOnlyList<string> defects, uint iterations) =>
        ScenarioExplorer.Explore(Scenario, Scenario.Seed, defects, new CoyoteOptions(iterations, ExploreStrategy.Portfolio, Seed: (uint)Scenario.Seed));

    [Test]
    public void A_healthy_hybrid_store_survives_faults_placed_and_interleaved_by_coyote()
    {
        var report = Explore([], iterations: 25);

        Assert.That(report.BugFound, Is.False, report.Bug);
        Assert.That(report.IterationsRun, Is.EqualTo(25));
    }

    [Test]
    public void A_leader_that_resumes_the_rt_from_its_latest_offset_is_caught_losing_writes()
    {
        var report = Explore(["resume-rt-from-latest"], iterations: 25);

        Assert.That(report.BugFound, Is.True, "Coyote must report the lost real-time writes");
        Assert.That(report.Bug, Does.Contain("no-lost-writes"));
        Assert.That(report.ReproducibleTrace, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void A_leader_demoted_without_draining_what_it_produced_is_caught_skipping_records()
    {
        var report = Explore(["demote-without-drain"], iterations: 30);

        Assert.That(report.BugFound, Is.True, "Coyote must find a demotion with produced records still queued");
        Assert.That(report.Bug, Does.Contain("no-false-div").Or.Contain("replicas-converge").Or.Contain("no-lost-writes"));
    }

    [Test]
    public void A_bug_coyote_found_replays_from_its_schedule_to_the_same_violations_and_trace()
    {
        string[] defects = ["resume-rt-from-latest"];
        var found = Explore(defects, iterations: 25);
        Assume.That(found.ReproducibleTrace, Is.Not.Null, "needs a bug to replay");
        var foundRun = found.FailingRun!;

        var first = Replay(defects, found.ReproducibleTrace!);
        var second = Replay(defects, found.ReproducibleTrace!);

        Assert.That(first.Result.Violations, Is.EqualTo(foundRun.Violations));
        Assert.That(first.Sha256, Is.EqualTo(foundRun.TraceSha256), "the replayed trace is the explored iteration's, byte for byte");
        Assert.That(second.Sha256, Is.EqualTo(first.Sha256));
    }

    private static (RunResult Result, string Sha256) Replay(IReadOnlyList<string> defects, string schedule)
    {
        using var trace = new JsonLinesTraceWriter();
        var result = ScenarioExplorer.Replay(Scenario, Scenario.Seed, defects, schedule, trace);
        Assert.That(result.TraceSha256, Is.EqualTo(trace.Sha256Hex), "the result's hash is the hash of the trace written");
        return (result, trace.Sha256Hex);
    }
}
