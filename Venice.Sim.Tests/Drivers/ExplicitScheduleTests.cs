using Venice.Sim.Model;

namespace Venice.Sim.Tests.Drivers;

/// <summary>
/// A world's explicit schedule (WorldBuilder.WithSchedule, a scenario's schedule:): the canonical round-robin
/// order where it has no decision, its decisions where it has one, and the same run however it is driven.
/// </summary>
[TestFixture]
public sealed class ExplicitScheduleTests
{
    private static WorldBuilder Failover() =>
        WorldBuilder.Create(7).WithServers(3)
            .WithStore(StoreDefinition.Hybrid("carts", 2, 2))
            .WithPush("carts", Workload.Puts(40, 20, 8))
            .WithRealtime("carts", Workload.RealTime(30, 20, 8, 5))
            .WithConfig("push.batch.records", "5")
            .WithFault(Fault.Crash(1).At(TimeSpan.FromSeconds(2)))
            .WithFault(Fault.Restart(1).At(TimeSpan.FromSeconds(8)))
            .WithPhases(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(900));

    [Test]
    public void The_canonical_order_runs_a_failover_to_a_healthy_end()
    {
        var result = Failover().WithSchedule([]).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(Venice.Sim.Running.RunOutcome.Passed), string.Join("; ", result.Violations.Select(v => v.Message)));
    }

    [Test]
    public void The_canonical_order_does_not_depend_on_the_seed_stream_of_the_scheduler_and_is_not_the_seeded_interleaving()
    {
        var canonical = Failover().WithSchedule([]).Build().Run();
        var again = Failover().WithSchedule([]).Build().Run();
        var seeded = Failover().Build().Run();

        Assert.That(again.TraceSha256, Is.EqualTo(canonical.TraceSha256));
        Assert.That(seeded.TraceSha256, Is.Not.EqualTo(canonical.TraceSha256));
    }

    [Test]
    public void A_decision_at_a_step_with_a_choice_changes_the_interleaving()
    {
        var canonical = Failover().WithSchedule([]).Build().Run();

        // At step 0 every actor with work at time 0 is enabled; choosing the second instead of round robin's first changes the run.
        var decided = Failover().WithSchedule([new ScheduleDecision(0, 1)]).Build().Run();

        Assert.That(decided.TraceSha256, Is.Not.EqualTo(canonical.TraceSha256));
    }

    [Test]
    public void A_world_run_in_pieces_takes_the_same_steps_as_one_run_straight_through()
    {
        var builder = Failover().WithSchedule([new(5, 1), new(30, 3), new(200, 2)]);
        var straight = builder.Build().Run();

        var world = builder.Build();
        world.RunFor(TimeSpan.FromSeconds(3));
        var pieces = world.Run();

        Assert.That(pieces.TraceSha256, Is.EqualTo(straight.TraceSha256));
    }

    [Test]
    public void A_schedule_whose_steps_do_not_increase_is_refused_naming_the_entry()
    {
        var e = Assert.Throws<ArgumentException>(() => Failover().WithSchedule([new(10, 1), new(10, 0)]));

        Assert.That(e!.ParamName, Is.EqualTo("schedule"));
        Assert.That(e.Message, Does.Contain("schedule entry 1: step 10 must be greater than the previous entry's step 10"));
    }

    [Test]
    public void A_negative_choice_or_step_is_refused()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => Failover().WithSchedule([new(3, -1)]))!.Message, Does.Contain("choice -1 must be >= 0"));
        Assert.That(Assert.Throws<ArgumentException>(() => Failover().WithSchedule([new(-3, 0)]))!.Message, Does.Contain("step -3 must be >= 0"));
    }
}
