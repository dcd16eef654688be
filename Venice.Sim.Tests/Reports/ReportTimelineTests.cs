using System.Globalization;
using Venice.Sim.Reports;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Reports;

[TestFixture]
public sealed class ReportTimelineTests
{
    private static readonly TraceHeader Header = new(TraceHeader.CurrentFormatVersion, "t", 1, [], []) { ScenarioPath = "scenarios/t.yaml" };

    [Test]
    public void A_run_gets_one_lane_per_replica_with_its_helix_and_leader_follower_states()
    {
        var run = ReportedRun.Of("scenarios/negative/promote-without-wait.yaml");
        var timeline = run.Timeline;
        Assert.That(timeline.Replicas, Is.EqualTo(new[] { "members_v1-0@server-0", "members_v1-0@server-1", "members_v1-0@server-2" }));
        var zombie = timeline.LaneMap["members_v1-0@server-0"];
        Assert.That(zombie.Helix.Select(m => m.Label).Take(2), Is.EqualTo(new[] { "STANDBY", "LEADER" }));
        Assert.That(zombie.LeaderFollower.Select(m => m.Label), Is.EqualTo(new[] { "IN_TRANSITION_FROM_STANDBY_TO_LEADER", "LEADER", "STANDBY" }));
        Assert.That(zombie.VersionTopic.Points, Is.Not.Empty);
        Assert.That(zombie.RealTime.Points, Is.Not.Empty, "it replayed the RT while it led");
        Assert.That(timeline.Faults.Any(f => f.Server == "server-0" && f.EndMs - f.StartMs == 60_000), "the 60 s pause is an interval on server-0");
    }

    [Test]
    public void Each_violation_keeps_its_time_message_trace_line_and_the_lane_it_is_about()
    {
        var run = ReportedRun.Of("scenarios/negative/promote-without-wait.yaml");
        var first = run.Timeline.Violations[0];
        Assert.That(run.Timeline.Violations, Has.Count.EqualTo(run.Result.Violations.Count));
        Assert.That(first.SimTimeMs, Is.EqualTo(run.Result.Violations[0].SimTimeMs));
        // The early promotion is seen first by promotion-after-quiet-vt, then the two writers by single-leader-writer.
        Assert.That(first.Invariant, Is.EqualTo("promotion-after-quiet-vt"));
        Assert.That(run.Timeline.Violations.Select(v => v.Invariant), Does.Contain("single-leader-writer"));
        Assert.That(run.Timeline.Violations.First(v => v.Invariant == "single-leader-writer").Replica, Is.EqualTo("members_v1-0@server-0"));
        Assert.That(run.Timeline.Lines[first.Line], Does.Contain("\"kind\":\"violation\""));
    }

    [Test]
    public void A_crash_lasts_until_the_restart()
    {
        var timeline = ReportTimeline.Of(Header, [
            new(1, 1000, "faults", "fault", "crash server-1"),
            new(2, 4000, "faults", "fault", "restart server-1"),
            new(3, 9000, "faults", "fault", "crash server-2 (random)"),
        ]);
        var crash = timeline.Faults[0];
        Assert.That((crash.StartMs, crash.EndMs, crash.Server), Is.EqualTo((1000L, 4000L, "server-1")));
        Assert.That(timeline.Faults[2].Open, Is.True, "never restarted: it is drawn to the end of the run");
    }

    [Test]
    public void A_million_polls_keep_a_bounded_number_of_lines_and_points_but_every_violation()
    {
        var timeline = new ReportTimeline();
        timeline.WriteHeader(Header);
        for (int i = 0; i < 1_000_000; i++)
        {
            timeline.Write(new TraceEvent(i, i, "server-0", "consume", $"s_v1-0@server-0 vt=[{i.ToString(CultureInfo.InvariantCulture)},{i.ToString(CultureInfo.InvariantCulture)}] applied=1 duplicates=0"));
            if (i % 100_000 == 99_999) timeline.Write(new TraceEvent(i, i, "invariants", "violation", $"no-data-loss: lost key {i} on server-0"));
        }

        var lane = timeline.LaneMap["s_v1-0@server-0"];
        Assert.That(lane.VersionTopic.Points, Has.Count.LessThanOrEqualTo(ReportTimeline.MaxSeriesPoints + 1));
        Assert.That(lane.VersionTopic.Points[^1].Offset, Is.EqualTo(999_999), "the latest offset is always shown");
        Assert.That(timeline.KeptLines, Is.LessThanOrEqualTo(ReportTimeline.MaxKeptLines + 10));
        Assert.That(timeline.Violations, Has.Count.EqualTo(10));
        Assert.That(timeline.Violations.All(v => v.Line >= 0), "violation lines are kept past the cap");
    }
}
