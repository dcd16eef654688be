using Venice.Sim.Model;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Faults;

/// <summary>
/// Random faults are aimed at write-path milestones (docs/faults.md): by default at one of the menu's
/// milestones, or at those a scenario or builder names, through the milestone watcher explicit faults use;
/// `placement: time` keeps the uniform placement in the fault phase.
/// </summary>
public sealed class Random_faults_are_aimed_at_milestones
{
    private sealed class CollectingSink : ITraceSink
    {
        public List<TraceEvent> Events { get; } = new();
        public void WriteHeader(TraceHeader header) { }
        public void Write(TraceEvent traceEvent) => Events.Add(traceEvent);
    }

    private static WorldBuilder HybridWorld(RandomFaults faults) =>
        WorldBuilder.Create(3).WithServers(3)
            .WithStore(StoreDefinition.Hybrid("carts", partitions: 2, replicationFactor: 3))
            .WithPush("carts", Workload.Puts(records: 200, keys: 100, valueBytes: 16))
            .WithRealtime("carts", Workload.RealTime(records: 200, keys: 200, valueBytes: 16, ratePerSecond: 5))
            .WithRandomFaults(faults)
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(420), settleWithin: TimeSpan.FromSeconds(900));

    /// <summary>The random faults' trace lines (not their restarts) of one seeded run.</summary>
    private static string[] RandomFaultLines(WorldBuilder world, long seed)
    {
        var sink = new CollectingSink();
        var result = world.WithSeed(seed).Build(sink).Run();
        Assert.That(result.Violations, Is.Empty, "random faults stay within Venice's timing assumptions");
        return sink.Events.Where(e => e.Kind == "fault" && e.Detail.Contains("(random", StringComparison.Ordinal) && !e.Detail.StartsWith("restart", StringComparison.Ordinal))
            .Select(e => e.Detail).ToArray();
    }

    [Test]
    public void By_default_each_random_fault_strikes_at_a_milestone_of_the_default_menu()
    {
        var lines = Enumerable.Range(1, 8).SelectMany(seed => RandomFaultLines(HybridWorld(new RandomFaults(Crashes: 1, Pauses: 1)), seed)).ToArray();

        Assert.That(lines, Is.Not.Empty);
        var menu = RandomFaultSpec.DefaultAim.Select(kind => $"at {kind} #").ToArray();
        Assert.That(lines, Has.All.Matches<string>(line => menu.Any(aim => line.Contains(aim, StringComparison.Ordinal))), string.Join("\n", lines));
        Assert.That(lines.Select(line => line[line.IndexOf(" at ", StringComparison.Ordinal)..]).Distinct().Count(), Is.GreaterThan(1),
            "the seed chooses among the milestones");
    }

    [Test]
    public void Faults_aimed_at_named_milestones_strike_only_there()
    {
        var world = HybridWorld(new RandomFaults(Crashes: 1, SessionExpiries: 1) { AimAt = [MilestoneKind.EndOfPushConsumed, MilestoneKind.TopicSwitchConsumed] });

        var lines = Enumerable.Range(1, 6).SelectMany(seed => RandomFaultLines(world, seed)).ToArray();

        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines, Has.All.Matches<string>(line => line.Contains("at EndOfPushConsumed #", StringComparison.Ordinal) || line.Contains("at TopicSwitchConsumed #", StringComparison.Ordinal)),
            string.Join("\n", lines));
    }

    [Test]
    public void Time_placement_lands_faults_at_times_not_milestones()
    {
        var lines = RandomFaultLines(HybridWorld(new RandomFaults(Crashes: 1, Pauses: 1) { Placement = RandomPlacement.Time }), seed: 4);

        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines, Has.None.Contains(" at "));
    }

    [Test]
    public void A_batch_world_refuses_faults_aimed_at_topic_switch_naming_why()
    {
        var batch = WorldBuilder.Create(1).WithServers(3)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 3))
            .WithPush("orders", Workload.Puts(records: 20, keys: 20, valueBytes: 8))
            .WithRandomFaults(new RandomFaults(Crashes: 1) { AimAt = [MilestoneKind.TopicSwitchConsumed] });

        var refused = Assert.Throws<ArgumentException>(() => batch.Build());

        Assert.That(refused!.Message, Does.Contain("TopicSwitchConsumed").And.Contain("batch-only"));
    }
}

/// <summary>What a scenario file's `random:` says about where its faults land, and the mistakes it refuses.</summary>
public sealed class A_scenario_aims_its_random_faults
{
    private static string Scenario(string kind, string random) => $$"""
        name: aimed
        description: Random faults aimed at milestones.
        cluster: { servers: 3, partitions: 2, replicationFactor: 3 }
        store:
          name: orders
          kind: {{kind}}
          push: { records: 10, keys: 5, valueBytes: 8 }
        {{(kind == "hybrid" ? "  realtime: { records: 10, ratePerSecond: 5, keys: 5, valueBytes: 8 }\n" : "")}}random: {{random}}

        """;

    private static ScenarioLoadResult Parse(string kind, string random) => ScenarioLoader.Parse(Scenario(kind, random), "scenarios/aimed.yaml");

    [Test]
    public void At_the_milestones_it_names_in_file_order()
    {
        var result = Parse("hybrid", "{ crashes: 1, aimAt: [topicSwitchConsumed, promotionStarted] }");

        Assert.That(result.Error, Is.Null, () => result.Error!.ToString());
        Assert.That(result.Scenario!.Random.AimAt, Is.EqualTo(new[] { MilestoneKind.TopicSwitchConsumed, MilestoneKind.PromotionStarted }));
        Assert.That(result.Scenario.Random.Placement, Is.EqualTo(RandomPlacement.Milestones));
    }

    [Test]
    public void At_times_when_its_placement_is_time()
    {
        var result = Parse("batch", "{ crashes: 1, placement: time }");

        Assert.That(result.Scenario!.Random.Placement, Is.EqualTo(RandomPlacement.Time));
    }

    [TestCase("batch", "{ crashes: 1, aimAt: [endOfPush] }", "unknown value 'endOfPush' for random.aimAt[0]; expected one of: startOfPushWritten")]
    [TestCase("batch", "{ crashes: 1, aimAt: [topicSwitchConsumed] }", "random.aimAt[0]: a batch store never consumes TOPIC_SWITCH, so this milestone cannot happen")]
    [TestCase("batch", "{ crashes: 1, aimAt: [] }", "random.aimAt is empty: name at least one milestone")]
    [TestCase("batch", "{ crashes: 1, placement: time, aimAt: [endOfPushConsumed] }", "random.aimAt: placement is 'time'")]
    [TestCase("batch", "{ crashes: 1, placement: grid }", "unknown value 'grid' for random.placement; expected one of: milestones, time")]
    public void Refuses_a_mistake_at_its_line_saying_which_and_why(string kind, string random, string message)
    {
        var result = Parse(kind, random);

        Assert.That(result.Error?.ToString(), Does.StartWith("scenarios/aimed.yaml:").And.Contain(message));
    }
}
