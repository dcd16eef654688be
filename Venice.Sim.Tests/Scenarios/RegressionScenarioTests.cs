using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.Model;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Tests.Scenarios;

/// <summary>
/// <see cref="RegressionScenario.Write"/>: a world written as scenario YAML loads back into the same world
/// (same spec, same trace hash), and a world the format cannot say is refused with what it cannot say.
/// </summary>
[TestFixture]
public sealed class RegressionScenarioTests
{
    private const string Store = "carts";
    private const string Name = "every-fault-round-trip";

    /// <summary>Every fault kind, every server form and every milestone, each narrowing key at least once, already in the parser's order.</summary>
    private static readonly Fault[] EveryFault =
    [
        Fault.DelayTransitions(TimeSpan.FromSeconds(2)).At(TimeSpan.FromSeconds(1)),
        Fault.DuplicateRecord(Store, 0).At(TimeSpan.FromMilliseconds(2_500)),
        Fault.LoseRecord(Store, 1, TopicKind.RealTime).At(TimeSpan.FromSeconds(3)),
        Fault.CorruptRecord(Store, 0).At(TimeSpan.FromSeconds(4)),
        Fault.Crash(1).At(TimeSpan.FromSeconds(5)),
        Fault.Restart(1).At(TimeSpan.FromSeconds(9)),
        Fault.Pause(ServerTarget.FollowerOf(Store, 0), TimeSpan.FromSeconds(3)).At(TimeSpan.FromSeconds(10)),
        Fault.Isolate(2, TimeSpan.FromSeconds(2)).At(TimeSpan.FromSeconds(12)),
        Fault.ExpireSession(ServerTarget.LeaderOf(Store, 1)).At(TimeSpan.FromSeconds(15)),
        Fault.ReorderTransitions(TimeSpan.FromSeconds(1)).At(TimeSpan.FromSeconds(16)),
        Fault.DuplicateRecord(Store, 1, TopicKind.RealTime, TimeSpan.FromSeconds(2)).At(TimeSpan.FromSeconds(20)),
        Fault.MoveLeader(Store, 0).At(TimeSpan.FromSeconds(30)),
        Fault.Heal().At(TimeSpan.FromSeconds(40)),
        Fault.Crash(0).When(Milestone.EndOfPushConsumed(Store, 0), TimeSpan.FromMilliseconds(200)),
        Fault.Restart(0).When(Milestone.PromotionCompleted(Store, 1).Nth(2)),
        Fault.Pause(2, TimeSpan.FromSeconds(1)).When(Milestone.StartOfPushWritten(Store)),
        Fault.ExpireSession(1).When(Milestone.EndOfPushWritten(Store), TimeSpan.FromMilliseconds(50)),
        Fault.MoveLeader(Store, 1).When(Milestone.StartOfPushConsumed(Store, 1, ReplicaRole.Follower)),
        Fault.LoseRecord(Store, 0).When(Milestone.TopicSwitchConsumed(Store, 0)),
        Fault.CorruptRecord(Store, 1, TopicKind.RealTime).When(Milestone.PromotionStarted(Store, 0)),
        Fault.DelayTransitions(TimeSpan.FromSeconds(3)).When(Milestone.CheckpointWritten(Store, 1).Nth(3)),
        Fault.ReorderTransitions(TimeSpan.FromSeconds(2)).When(Milestone.ReplicaDropped(Store)),
        Fault.Isolate(ServerTarget.LeaderOf(Store, 0), TimeSpan.FromSeconds(4)).When(Milestone.TransitionDelivered(Store, HelixState.LEADER, 0)),
        Fault.Heal().When(Milestone.StatusReported(Store, ExecutionStatus.COMPLETED, 1)),
        Fault.Restart(2).When(Milestone.VersionStatusChanged(Store, VersionStatus.ONLINE), TimeSpan.FromSeconds(1)),
    ];

    private static WorldBuilder EveryFaultWorld() =>
        EveryFault.Aggregate(
            WorldBuilder.Create(20_261_204).WithName(Name).WithServers(3)
                .WithStore(StoreDefinition.Hybrid(Store, 2, 2))
                .WithPush(Store, Workload.Puts(60, 20, 16))
                .WithRealtime(Store, Workload.RealTime(80, 30, 12, 5))
                .WithConfig("poll.batch.records", "7")
                .WithConfig("push.batch.records", "5")
                .WithRandomFaults(new RandomFaults(Crashes: 1, Pauses: 1))
                .WithDefect("keep-cv-on-drop")
                .WithPhases(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(900)),
            (builder, fault) => builder.WithFault(fault));

    private static WorldSpec LoadBack(string yaml)
    {
        var loaded = ScenarioLoader.Parse(yaml, Name + ".yaml");
        Assert.That(loaded.Error, Is.Null, yaml);
        return loaded.Scenario!.ToSpec();
    }

    [Test]
    public void A_world_with_every_fault_kind_and_trigger_loads_back_from_its_yaml_as_the_same_world()
    {
        var spec = EveryFaultWorld().Spec;

        var back = LoadBack(RegressionScenario.Write(spec, ["replicas-converge"], Name, "Every fault: \"quoted\", #not a comment"));

        Assert.Multiple(() =>
        {
            Assert.That(back.Seed, Is.EqualTo(spec.Seed));
            Assert.That(back.Name, Is.EqualTo(spec.Name));
            Assert.That(back.Servers, Is.EqualTo(spec.Servers));
            Assert.That(back.Stores, Is.EqualTo(spec.Stores));
            Assert.That(back.Pushes[Store], Is.EqualTo(spec.Pushes[Store]));
            Assert.That(back.RealTime[Store], Is.EqualTo(spec.RealTime[Store]));
            Assert.That(back.Config, Is.EqualTo(spec.Config));
            Assert.That(back.Defects, Is.EqualTo(spec.Defects));
            Assert.That(back.Faults, Is.EqualTo(spec.Faults));
            Assert.That(back.RandomFaults, Is.EqualTo(spec.RandomFaults));
            Assert.That(back.FaultsUntil, Is.EqualTo(spec.FaultsUntil));
            Assert.That(back.SettleWithin, Is.EqualTo(spec.SettleWithin));
        });
    }

    [Test]
    public void A_world_loaded_back_from_its_yaml_runs_to_the_same_trace_hash()
    {
        var spec = EveryFaultWorld().Spec;
        var back = LoadBack(RegressionScenario.Write(spec, [], Name, "round trip"));

        var original = WorldBuilder.From(spec).Build().Run();
        var reloaded = WorldBuilder.From(back).Build().Run();

        Assert.That(reloaded.TraceSha256, Is.EqualTo(original.TraceSha256));
        Assert.That(reloaded.Steps, Is.EqualTo(original.Steps));
    }

    [Test]
    public void A_world_with_an_explicit_schedule_is_written_with_its_schedule_section_and_replays_the_same_interleaving()
    {
        var builder = EveryFaultWorld().WithSchedule([new(3, 1), new(40, 2), new(41, 5)]);
        var yaml = RegressionScenario.Write(builder.Spec, [], Name, "scheduled");
        var back = LoadBack(yaml);

        var original = WorldBuilder.From(builder.Spec).Build().Run();
        var reloaded = WorldBuilder.From(back).Build().Run();

        Assert.That(yaml, Does.Contain("schedule:\n  - { step: 3, choose: 1 }\n  - { step: 40, choose: 2 }\n  - { step: 41, choose: 5 }\n"));
        Assert.That(back.Schedule, Is.EqualTo(builder.Spec.Schedule));
        Assert.That(reloaded.TraceSha256, Is.EqualTo(original.TraceSha256));
    }

    [Test]
    public void An_empty_schedule_is_written_as_an_empty_list_and_a_seeded_world_without_one()
    {
        var canonical = RegressionScenario.Write(EveryFaultWorld().WithSchedule([]).Spec, [], Name, "canonical");
        var seeded = RegressionScenario.Write(EveryFaultWorld().Spec, [], Name, "seeded");

        Assert.That(canonical, Does.Contain("\nschedule: []\n"));
        Assert.That(LoadBack(canonical).Schedule, Is.Empty);
        Assert.That(seeded, Does.Not.Contain("schedule"));
        Assert.That(LoadBack(seeded).Schedule, Is.Null);
    }

    [Test]
    public void The_expectation_written_is_the_version_status_and_the_violations_given()
    {
        var yaml = RegressionScenario.Write(EveryFaultWorld().Spec, ["no-lost-writes", "replicas-converge"], Name, "x", "ERROR");

        var scenario = ScenarioLoader.Parse(yaml, Name + ".yaml").Scenario!;

        Assert.That(scenario.Expect.VersionStatus, Is.EqualTo("ERROR"));
        Assert.That(scenario.Expect.Violations, Is.EqualTo(new[] { "no-lost-writes", "replicas-converge" }));
    }

    private static string Refusal(WorldBuilder builder) =>
        Assert.Throws<ArgumentException>(() => RegressionScenario.Write(builder.Spec, [], Name, "x"))!.Message;

    [Test]
    public void A_world_of_two_stores_is_refused_because_a_scenario_holds_one()
    {
        var builder = EveryFaultWorld().WithStore(StoreDefinition.Batch("orders", 1, 1)).WithPush("orders", Workload.Puts(1, 1, 1));

        Assert.That(Refusal(builder), Does.Contain("exactly one store"));
    }

    [Test]
    public void A_custom_workload_is_refused_by_its_type()
    {
        var builder = WorldBuilder.Create(1).WithStore(StoreDefinition.Batch("orders", 1, 1)).WithPush("orders", new OneRecord());

        Assert.That(Refusal(builder), Does.Contain("custom IWorkload (OneRecord)"));
    }

    [Test]
    public void A_storage_wrapper_is_refused()
    {
        var builder = EveryFaultWorld().WithStorage((_, engine) => engine);

        Assert.That(Refusal(builder), Does.Contain("WrapStorage"));
    }

    [Test]
    public void A_per_store_setting_is_refused_with_the_config_option_to_use_instead()
    {
        var builder = WorldBuilder.Create(1)
            .WithStore(StoreDefinition.Batch("orders", 1, 1) with { RewindTime = TimeSpan.FromSeconds(5) })
            .WithPush("orders", Workload.Puts(1, 1, 1));

        Assert.That(Refusal(builder), Does.Contain("config:"));
    }

    [Test]
    public void A_fault_after_the_fault_phase_is_refused_with_the_parsers_reason()
    {
        var builder = EveryFaultWorld().WithFault(Fault.Crash(0).At(TimeSpan.FromSeconds(200)));

        Assert.That(Refusal(builder), Does.Contain("after phases.faultsUntil"));
    }

    [Test]
    public void A_config_option_venice_sim_does_not_know_is_refused_as_check_would_refuse_it()
    {
        var builder = EveryFaultWorld().WithConfig("no.such.option", "1");

        Assert.That(Refusal(builder), Does.Contain("unknown config option 'no.such.option'"));
    }

    [Test]
    public void A_name_that_is_not_kebab_case_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RegressionScenario.Write(EveryFaultWorld().Spec, [], "Not_Kebab", "x"));
    }

    /// <summary>A workload the built-in one does not describe.</summary>
    private sealed class OneRecord : IWorkload
    {
        public long Records => 1;

        public int? RatePerSecond => null;

        public string Describe() => "one record";

        public IWorkloadCursor Start(WorkloadStart start) => Workload.Puts(1, 1, 1).Start(start);
    }
}
