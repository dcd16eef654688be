using Venice.Core.Defects;
using Venice.Sim.Exploration;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Exploration;

/// <summary>
/// The bounded exhaustive mode (docs/exhaustive.md) on the tiny world of Venice's TLA+ leader-follower
/// spec: it exhausts the healthy world without a violation, counts the same states every time, and finds
/// the catalog defects the tiny world can show, with a schedule that replays to the same failure.
/// </summary>
[TestFixture]
[Category("Exhaustive")]
public sealed class ExhaustiveTestingTests
{
    private const string TinyWorld = "scenarios/exhaustive/tla-leader-follower.yaml";

    private static Scenario Tiny => LibraryScenario.Load(TinyWorld);

    private static ExhaustiveResult Exhaust(ExhaustiveOptions options, params string[] defects) =>
        ScenarioExhauster.Explore(Tiny, Tiny.Seed, defects, options);

    [Test]
    public void The_healthy_tiny_world_is_exhausted_within_the_bounds_without_a_violation()
    {
        var result = Exhaust(new ExhaustiveOptions(MaxDepth: 6));

        Assert.Multiple(() =>
        {
            Assert.That(result.Exhausted, Is.True);
            Assert.That(result.BugFound, Is.False, result.Bug);
            Assert.That(result.MaxDepthReached, Is.EqualTo(6));
            Assert.That(result.SchedulesFinished, Is.GreaterThan(0), "cut schedules are played to the end and judged");
            Assert.That(result.PrunedRevisits, Is.GreaterThan(0), "commuting steps reach states already explored");
            Assert.That(result.DistinctStates, Is.EqualTo(result.StatesExplored), "each explored state is explored once, without faults");
        });
    }

    [Test]
    public void The_same_bounds_count_the_same_states_every_time()
    {
        var options = new ExhaustiveOptions(MaxDepth: 4, MaxFaults: 1, FinishCutSchedules: false);

        var first = Exhaust(options);
        var second = Exhaust(options);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Progress_is_reported_as_the_counts_grow_and_never_changes_the_search()
    {
        var options = new ExhaustiveOptions(MaxDepth: 4, MaxFaults: 1, FinishCutSchedules: false);
        var reports = new List<ExhaustiveProgress>();

        var watched = ScenarioExhauster.Explore(Tiny, Tiny.Seed, [], options, reports.Add);

        Assert.That(watched, Is.EqualTo(Exhaust(options)), "the same search with and without a progress line");
        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports.Select(r => r.StatesExplored), Is.Ordered.Ascending.And.All.GreaterThan(0));
        Assert.That(reports.All(r => r.StatesExplored % ExhaustiveProgress.Every == 0 && r.MaxStates == options.MaxStates), Is.True);
        Assert.That(reports[^1].StatesExplored, Is.LessThanOrEqualTo(watched.StatesExplored));
    }

    [Test]
    public void Faults_add_schedules_and_the_healthy_world_survives_each_placement()
    {
        var withoutFaults = Exhaust(new ExhaustiveOptions(MaxDepth: 4));
        var withOneFault = Exhaust(new ExhaustiveOptions(MaxDepth: 4, MaxFaults: 1));

        Assert.Multiple(() =>
        {
            Assert.That(withOneFault.BugFound, Is.False, withOneFault.Bug);
            Assert.That(withOneFault.Exhausted, Is.True);
            Assert.That(withOneFault.StatesExplored, Is.GreaterThan(withoutFaults.StatesExplored));
        });
    }

    [Test]
    public void It_finds_complete_before_eop_and_its_schedule_replays_to_the_same_failure()
    {
        var result = Exhaust(new ExhaustiveOptions(MaxDepth: 12), SeededDefects.CompleteBeforeEopName);

        Assert.That(result.BugFound, Is.True);
        Assert.That(result.Exhausted, Is.False, "the search stops at the first bug");
        Assert.That(result.FailingRun!.Violations.Select(v => v.Invariant), Does.Contain("status-order"));

        var replayed = ScenarioExhauster.Replay(Tiny, Tiny.Seed, [SeededDefects.CompleteBeforeEopName], result.Schedule!, new JsonLinesTraceWriter());
        Assert.That(replayed.Outcome, Is.EqualTo(RunOutcome.Failed));
        Assert.That(replayed.TraceSha256, Is.EqualTo(result.FailingRun.TraceSha256));
    }

    [Test]
    public void It_finds_decider_ignores_leader_in_the_window_after_the_warm_up_and_nothing_there_without_it()
    {
        var options = new ExhaustiveOptions(MaxDepth: 8, WarmupMoves: 22);

        var defective = Exhaust(options, SeededDefects.DeciderIgnoresLeaderName);
        var healthy = Exhaust(options);

        Assert.Multiple(() =>
        {
            Assert.That(defective.BugFound, Is.True, "some interleaving of the window lets two followers' COMPLETED decide without the leader");
            Assert.That(defective.FailingRun!.Violations.Select(v => v.Invariant), Does.Contain("online-has-data"));
            Assert.That(defective.Schedule, Does.StartWith(string.Join(' ', Enumerable.Repeat("0", 22))));
            Assert.That(healthy.BugFound, Is.False, healthy.Bug);
            Assert.That(healthy.Exhausted, Is.True);
        });
    }

    [Test]
    public void A_spent_state_budget_stops_the_search_unexhausted()
    {
        var result = Exhaust(new ExhaustiveOptions(MaxDepth: 10, MaxStates: 50, FinishCutSchedules: false));

        Assert.That(result.Exhausted, Is.False);
        Assert.That(result.BugFound, Is.False);
        Assert.That(result.StatesExplored, Is.EqualTo(50));
    }

    [TestCase(0, 0, 1, 0)]
    [TestCase(-3, 0, 1, 0)]
    [TestCase(5, -1, 1, 0)]
    [TestCase(5, 0, 0, 0)]
    [TestCase(5, 0, 1, -1)]
    public void Bounds_below_their_minimum_are_refused(int depth, int faults, long states, int warmup)
    {
        var options = new ExhaustiveOptions(depth, faults, MaxStates: states, WarmupMoves: warmup);

        Assert.Throws<ArgumentOutOfRangeException>(() => Exhaust(options));
    }

    [Test]
    public void A_fault_the_mode_cannot_place_is_refused()
    {
        var options = new ExhaustiveOptions(MaxDepth: 3, MaxFaults: 1, FaultKinds: [Model.FaultKind.Pause]);

        Assert.Throws<ArgumentOutOfRangeException>(() => Exhaust(options));
    }

    [Test]
    public void A_schedule_that_does_not_fit_the_world_is_refused_with_the_move_that_does_not()
    {
        var error = Assert.Throws<ArgumentException>(() => ScenarioExhauster.Replay(Tiny, Tiny.Seed, [], "0 9", new JsonLinesTraceWriter()));
        Assert.That(error!.Message, Does.Contain("schedule move 9"));

        var unparsable = Assert.Throws<ArgumentException>(() => ScenarioExhauster.Replay(Tiny, Tiny.Seed, [], "0 explode-1", new JsonLinesTraceWriter()));
        Assert.That(unparsable!.Message, Does.Contain("'explode-1' is neither an actor index nor a fault"));
    }
}
