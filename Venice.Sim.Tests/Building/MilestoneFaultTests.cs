using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.Running;
using Venice.Sim.Tracing;
using Venice.Sim.World;
using Venice.Sim.Model;
using Venice.Sim.Faults;

namespace Venice.Sim.Tests.Building;

public sealed class MilestoneFaultTests
{
    private sealed class CollectingSink : ITraceSink
    {
        public List<TraceEvent> Events { get; } = new();
        public void WriteHeader(TraceHeader header) { }
        public void Write(TraceEvent traceEvent) => Events.Add(traceEvent);
    }

    private static WorldBuilder BatchWorld() =>
        WorldBuilder.Create(7).WithServers(3)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 3))
            .WithPush("orders", Workload.Puts(records: 300, keys: 100, valueBytes: 50))
            .WithPhases(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(600));

    private static int LeaderOf(SimWorld world, int partition) =>
        world.Helix.ExternalViewOf(world.Version, partition).Single(e => e.Value == HelixState.LEADER).Key.Value;

    [Test]
    public void A_leader_crash_at_end_of_push_consumed_fires_right_after_the_milestone_at_that_leader()
    {
        var sink = new CollectingSink();
        var crash = Fault.Crash(ServerTarget.LeaderOf("orders", 0)).When(Milestone.EndOfPushConsumed("orders", 0));

        var result = BatchWorld().WithFault(crash).Build(sink).Run();

        var faultsLines = sink.Events.Where(e => e.Actor == "faults").ToList();
        var milestone = faultsLines.Single(e => e.Kind == "milestone");
        var fault = faultsLines[faultsLines.IndexOf(milestone) + 1];
        string leader = milestone.Detail.Split(" at ")[1].Split(':')[0];
        Assert.That(milestone.Detail, Does.StartWith("EndOfPushConsumed orders partition 0 leader reached at server-"));
        Assert.That(fault.Kind, Is.EqualTo("fault"));
        Assert.That(fault.Detail, Is.EqualTo($"crash {leader} (leader of orders partition 0)"));
        Assert.That(fault.SimTimeMs - milestone.SimTimeMs, Is.InRange(0, 20), "the crash waits only for the injector's next step");
        Assert.That(result.FiredFaults.Single().FiredAtMs, Is.EqualTo(fault.SimTimeMs));
        Assert.That(result.UnfiredFaults, Is.Empty);
        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
    }

    [Test]
    public void A_fault_whose_milestone_is_never_reached_is_reported_unfired_with_the_milestone()
    {
        var never = Fault.Crash(1).When(Milestone.VersionStatusChanged("orders", VersionStatus.ERROR));

        var result = BatchWorld().WithFault(never).Build().Run();

        Assert.That(result.FiredFaults, Is.Empty);
        Assert.That(result.UnfiredFaults.Single().Detail, Does.Contain("VersionStatusChanged orders ERROR was never reached"));
        Assert.That(result.UnfiredFaults.Single().ToString(), Does.StartWith("fault Crash server-1 when VersionStatusChanged"));
    }

    [Test]
    public void A_role_target_resolves_to_the_server_leading_the_partition_when_the_fault_fires()
    {
        var world = BatchWorld().Build();
        world.RunFor(TimeSpan.FromSeconds(1));
        int leader = LeaderOf(world, 1);

        bool fired = world.Faults.Inject(Fault.Crash(ServerTarget.LeaderOf("orders", 1)));

        Assert.That(fired, Is.True);
        Assert.That(Enumerable.Range(0, 3).Where(id => world.Server(id).IsDown), Is.EqualTo(new[] { leader }));
    }

    [Test]
    public void A_role_target_with_no_server_in_the_role_does_not_fire_and_says_why()
    {
        var world = BatchWorld().Build();

        // At time zero Helix has elected nobody yet.
        bool fired = world.Faults.Inject(Fault.Crash(ServerTarget.LeaderOf("orders", 0)));

        Assert.That(fired, Is.False);
        Assert.That(world.Faults.Outcomes.Single().Detail, Does.StartWith("no leader of orders partition 0 when it was due"));
    }

    [Test]
    public void Handles_crash_and_restart_a_server_mid_run_and_the_world_still_goes_online()
    {
        var world = BatchWorld().Build();
        Assert.That(world.RunUntil(Milestone.StartOfPushConsumed("orders", 0)), Is.True);
        var server = world.Server(2);

        Assert.That(server.Crash(), Is.True);
        Assert.That(server.IsDown, Is.True);
        Assert.That(server.Crash(), Is.False, "a crash of a server already down does nothing");
        world.RunFor(TimeSpan.FromSeconds(2));
        Assert.That(server.Restart(), Is.True);
        Assert.That(server.IsDown, Is.False);
        var result = world.Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(result.FiredFaults.Select(f => f.Fault.Kind), Is.EqualTo(new[] { FaultKind.Crash, FaultKind.Restart }));
        Assert.That(result.UnfiredFaults.Single().Detail, Is.EqualTo("server-2 was already down"));
    }

    [Test]
    public void Handles_pause_and_isolate_a_server_for_a_while()
    {
        var world = BatchWorld().Build();
        world.RunFor(TimeSpan.FromSeconds(1));

        world.Server(0).Pause(TimeSpan.FromSeconds(2));
        world.Server(1).Isolate(TimeSpan.FromSeconds(2));

        Assert.That((world.Server(0).IsPaused, world.Server(1).IsIsolated), Is.EqualTo((true, true)));
        world.RunFor(TimeSpan.FromSeconds(3));
        Assert.That((world.Server(0).IsPaused, world.Server(1).IsIsolated), Is.EqualTo((false, false)));
    }

    [Test]
    public void A_server_handle_out_of_range_names_the_range()
    {
        var world = BatchWorld().Build();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => world.Server(3));

        Assert.That(error!.ParamName, Is.EqualTo("id"));
        Assert.That(error.Message, Does.Contain("0..2"));
    }

    [Test]
    public void A_world_run_in_pieces_takes_the_same_steps_as_one_run_straight_through()
    {
        var whole = BatchWorld().Build().Run();
        var pieces = BatchWorld().Build();
        pieces.RunUntil(Milestone.EndOfPushWritten("orders"));
        pieces.RunFor(TimeSpan.FromSeconds(3));

        Assert.That(pieces.Run().TraceSha256, Is.EqualTo(whole.TraceSha256));
    }

    private static readonly (Fault Fault, string Expected)[] Refused =
    [
        (Fault.Crash(5), "servers 0..2"),
        (Fault.LoseRecord("nope", 0), "its store is 'orders'"),
        (Fault.MoveLeader("orders", 9), "partitions 0..1"),
        (Fault.Pause(1, TimeSpan.FromSeconds(-1)), "negative"),
        (Fault.Crash(1).When(Milestone.TopicSwitchConsumed("orders", 0)), "batch-only"),
        (Fault.Crash(1).When(Milestone.EndOfPushConsumed("orders", 4)), "partitions 0..1"),
        (Fault.Crash(ServerTarget.FollowerOf("orders", 2)), "partitions 0..1"),
        (Fault.LoseRecord("orders", 0, TopicKind.RealTime), "no real-time topic"),
    ];

    [TestCaseSource(nameof(Refused))]
    public void A_fault_that_cannot_apply_to_the_built_world_is_refused_naming_the_allowed_range((Fault Fault, string Expected) refused)
    {
        var error = Assert.Throws<ArgumentException>(() => BatchWorld().WithFault(refused.Fault).Build());

        Assert.That(error!.ParamName, Is.EqualTo("fault"));
        Assert.That(error.Message, Does.Contain(refused.Expected));
    }

    [Test]
    public void Reordered_transitions_are_traced_as_a_fault_and_the_world_still_settles()
    {
        var sink = new CollectingSink();

        var result = BatchWorld().WithFault(Fault.ReorderTransitions(TimeSpan.FromSeconds(2)).At(TimeSpan.Zero)).Build(sink).Run();

        Assert.That(sink.Events.Any(e => e.Kind == "fault" && e.Detail == "reverse Helix transition deliveries for 2000 ms"), Is.True);
        Assert.That(result.FiredFaults, Has.Count.EqualTo(1));
        Assert.That(result.VersionStatus, Is.EqualTo(nameof(VersionStatus.ONLINE)));
    }

    [Test]
    public void A_heal_fault_restarts_a_crashed_server()
    {
        var world = BatchWorld()
            .WithFault(Fault.Crash(1).At(TimeSpan.FromSeconds(1)))
            .WithFault(Fault.Heal().At(TimeSpan.FromSeconds(3)))
            .Build();

        world.RunFor(TimeSpan.FromSeconds(2));
        Assert.That(world.Server(1).IsDown, Is.True);
        world.RunFor(TimeSpan.FromSeconds(2));
        Assert.That(world.Server(1).IsDown, Is.False);
    }
}
