using Venice.Sim.Reports;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Reports;

[TestFixture]
public sealed class CoverageRecorderTests
{
    private static TraceEvent Line(long t, string actor, string kind, string detail) => new(t, t, actor, kind, detail);

    [Test]
    public void A_real_failover_run_reaches_its_transitions_statuses_fault_and_promotions()
    {
        var run = ReportedRun.Of("scenarios/negative/promote-without-wait.yaml");
        var counts = run.Coverage;
        Assert.That(counts[CoverageCatalog.HelixTransition("OFFLINE", "STANDBY")], Is.GreaterThanOrEqualTo(3));
        Assert.That(counts[CoverageCatalog.HelixTransition("STANDBY", "LEADER")], Is.GreaterThanOrEqualTo(2), "the first leader and the one after the session expired");
        Assert.That(counts[CoverageCatalog.Status("COMPLETED")], Is.GreaterThan(0));
        Assert.That(counts[CoverageCatalog.FaultFired(Model.FaultKind.Pause)], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.FaultFired(Model.FaultKind.Heal)], Is.EqualTo(1), "the end of the fault phase");
        Assert.That(counts[CoverageCatalog.PromotionCompleted], Is.EqualTo(2));
        Assert.That(counts[CoverageCatalog.TopicSwitchHandled], Is.GreaterThan(0));
        Assert.That(counts[CoverageCatalog.Version("ONLINE")], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.VersionSwapped], Is.Zero, "one push: nothing to swap out");
        Assert.That(counts.Runs, Is.EqualTo(1));
    }

    [Test]
    public void A_demotion_before_the_promotion_gate_opened_is_an_aborted_promotion()
    {
        var counts = CoverageRecorder.Of([
            Line(1, "server-1", "leader-transition", "s_v1-0@server-1 term=5 dol=10"),
            Line(2, "server-1", "leader-demoted", "s_v1-0@server-1 resume-vt=11"),
            Line(3, "server-2", "leader-transition", "s_v1-0@server-2 term=6 dol=12"),
            Line(4, "server-2", "leader-promoted", "s_v1-0@server-2 term=6 dol=read-back"),
            Line(5, "server-2", "leader-demoted", "s_v1-0@server-2 resume-vt=20"),
        ]);
        Assert.That(counts[CoverageCatalog.PromotionAborted], Is.EqualTo(1), "server-2 led before it was demoted");
        Assert.That(counts[CoverageCatalog.PromotionCompleted], Is.EqualTo(1));
    }

    [Test]
    public void COMPLETED_after_a_restore_and_before_any_poll_is_the_fast_ready_to_serve_path()
    {
        var fast = CoverageRecorder.Of([
            Line(1, "server-0", "subscribe", "s_v1-0@server-0 from=120 checkpoint"),
            Line(2, "server-0", "status", "s_v1-0@server-0 STARTED vt=120"),
            Line(3, "server-0", "status", "s_v1-0@server-0 COMPLETED vt=120"),
        ]);
        var slow = CoverageRecorder.Of([
            Line(1, "server-0", "subscribe", "s_v1-0@server-0 from=120 checkpoint"),
            Line(2, "server-0", "consume", "s_v1-0@server-0 vt=[120,130] applied=11 duplicates=0"),
            Line(3, "server-0", "status", "s_v1-0@server-0 COMPLETED vt=131"),
        ]);
        Assert.That(fast[CoverageCatalog.FastReadyToServe], Is.EqualTo(1));
        Assert.That(fast[CoverageCatalog.CheckpointRestored], Is.EqualTo(1));
        Assert.That(slow[CoverageCatalog.FastReadyToServe], Is.Zero);
        Assert.That(slow[CoverageCatalog.CheckpointRestored], Is.EqualTo(1));
    }

    [Test]
    public void Milestone_faults_DIV_outcomes_duplicates_and_a_second_ONLINE_version_are_counted()
    {
        var counts = CoverageRecorder.Of([
            Line(1, "faults", "milestone", "EndOfPushConsumed s partition 0 leader reached at server-1: Crash due at 1 ms"),
            Line(1, "faults", "fault", "crash server-1 (leader of s partition 0)"),
            Line(2, "server-0", "div", "s_v1-0@server-0 vt=7 Missing fatal"),
            Line(3, "server-0", "div", "s_v1-0@server-0 vt=9 Corrupt lenient"),
            Line(4, "server-0", "consume", "s_v1-0@server-0 vt=[10,19] applied=8 duplicates=2"),
            Line(5, "controller", "version", "s_v1 ONLINE"),
            Line(6, "controller", "version", "s_v2 ONLINE"),
        ]);
        Assert.That(counts[CoverageCatalog.FaultAtMilestone(Model.FaultKind.Crash, Model.MilestoneKind.EndOfPushConsumed)], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.FaultFired(Model.FaultKind.Crash)], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.Div(Core.Validation.DivResult.Missing)], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.Div(Core.Validation.DivResult.Corrupt)], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.DivFatal], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.DivLenient], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.Div(Core.Validation.DivResult.Duplicate)], Is.EqualTo(1));
        Assert.That(counts[CoverageCatalog.VersionSwapped], Is.EqualTo(1), "v2 replaced v1");
    }

    [Test]
    public void Every_fault_description_the_injector_writes_maps_to_its_kind()
    {
        foreach (var kind in Enum.GetValues<Model.FaultKind>())
        {
            var fault = kind switch
            {
                Model.FaultKind.Crash => Model.Fault.Crash(Model.ServerTarget.Id(1)),
                Model.FaultKind.Restart => Model.Fault.Restart(Model.ServerTarget.Id(1)),
                Model.FaultKind.Pause => Model.Fault.Pause(Model.ServerTarget.Id(1), TimeSpan.FromSeconds(1)),
                Model.FaultKind.Isolate => Model.Fault.Isolate(Model.ServerTarget.Id(1), TimeSpan.FromSeconds(1)),
                Model.FaultKind.Heal => Model.Fault.Heal(),
                Model.FaultKind.ExpireSession => Model.Fault.ExpireSession(Model.ServerTarget.Id(1)),
                Model.FaultKind.DelayTransitions => Model.Fault.DelayTransitions(TimeSpan.FromSeconds(1)),
                Model.FaultKind.ReorderTransitions => Model.Fault.ReorderTransitions(TimeSpan.FromSeconds(1)),
                Model.FaultKind.LoseRecord => Model.Fault.LoseRecord("s", 0),
                Model.FaultKind.CorruptRecord => Model.Fault.CorruptRecord("s", 0),
                Model.FaultKind.DuplicateRecord => Model.Fault.DuplicateRecord("s", 0),
                Model.FaultKind.MoveLeader => Model.Fault.MoveLeader("s", 0),
                Model.FaultKind.KillPush => Model.Fault.KillPush("s"),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a new fault kind: add it here and to CoverageRecorder.FaultKindOf"),
            };
            var description = Venice.Sim.Faults.FaultDescriptions.Describe(fault, 1, new Core.TopicPartition("s_v1", 0));
            Assert.That(CoverageRecorder.FaultKindOf(description), Is.EqualTo(kind), description);
        }
    }
}
