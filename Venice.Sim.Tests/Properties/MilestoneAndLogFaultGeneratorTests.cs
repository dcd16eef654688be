using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.FsCheck;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Properties;

/// <summary>Fault schedules with milestone triggers and log faults: their bounds, what they generate, how they shrink, the world they build.</summary>
[TestFixture]
[Category("Property")]
public sealed class MilestoneAndLogFaultGeneratorTests
{
    private static readonly FaultBounds Bounds = new(milestones: MilestoneCase.GeneratedKinds, maxOccurrence: 2, maxMilestoneDelay: TimeSpan.FromSeconds(5),
        logKinds: FaultBounds.LogFaultKinds, maxLogFaults: 2);

    [Test]
    public void Impossible_milestone_and_log_fault_bounds_are_refused_naming_the_bound()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new FaultBounds(milestones: [MilestoneKind.ReplicaDropped]))!.ParamName, Is.EqualTo("milestones"));
        Assert.That(Assert.Throws<ArgumentException>(() => new FaultBounds(logKinds: [FaultKind.Crash]))!.ParamName, Is.EqualTo("logKinds"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new FaultBounds(maxOccurrence: 0))!.ParamName, Is.EqualTo("maxOccurrence"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new FaultBounds(maxMilestoneDelay: TimeSpan.FromSeconds(-1)))!.ParamName, Is.EqualTo("maxMilestoneDelay"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new FaultBounds(maxLogFaults: -1))!.ParamName, Is.EqualTo("maxLogFaults"));
        Assert.That(Assert.Throws<ArgumentException>(() => VeniceGen.LogFaults(new FaultBounds(), partitions: 2))!.ParamName, Is.EqualTo("bounds"));
    }

    [Test]
    public void Generated_faults_mix_time_and_milestone_triggers_within_the_bounds()
    {
        var faults = VeniceGen.Faults(Bounds, servers: 3, partitions: 2).Sample(300, new Rnd(20_261_124UL), 10);

        var triggers = faults.Where(f => f.When is not null).Select(f => f.When!).ToList();
        Assert.That(triggers, Is.Not.Empty);
        Assert.That(faults.Count(f => f.When is null), Is.GreaterThan(0), "time triggers remain");
        Assert.That(triggers.All(t => t.Partition is >= 0 and < 2 && t.Occurrence is >= 1 and <= 2 && t.Delay <= TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(triggers.Select(t => t.Kind).Distinct().Count(), Is.GreaterThan(1), "the generator must vary the milestone");
    }

    [Test]
    public void Without_milestones_every_generated_fault_fires_at_a_time()
    {
        var faults = VeniceGen.Faults(new FaultBounds(), servers: 3, partitions: 2).Sample(100, new Rnd(20_261_124UL), 10);

        Assert.That(faults.All(f => f.When is null), Is.True);
    }

    [Test]
    public void A_milestone_fault_shrinks_first_to_a_time_trigger_at_zero_then_to_a_simpler_milestone()
    {
        var fault = new FaultCase(FaultKind.Crash, 1, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(5))
        {
            When = new MilestoneCase(MilestoneKind.PromotionCompleted, 1, 2, TimeSpan.FromSeconds(3)),
        };

        var shrinks = VeniceGen.ShrinkFaultSchedule([fault], Bounds).Skip(1).Select(s => s.Single()).ToList();

        Assert.That(shrinks[0], Is.EqualTo(fault with { When = null, At = TimeSpan.Zero }));
        Assert.That(shrinks.Select(s => s.When).OfType<MilestoneCase>().Where(w => w != fault.When), Is.EquivalentTo(new[]
        {
            fault.When with { Delay = TimeSpan.Zero },
            fault.When with { Occurrence = 1 },
            fault.When with { Partition = 0 },
            fault.When with { Kind = MilestoneKind.StartOfPushConsumed },
        }));
    }

    [Test]
    public void Log_fault_schedules_shrink_toward_fewer_earlier_and_partition_zero()
    {
        IReadOnlyList<LogFaultCase> schedule =
        [
            new(FaultKind.LoseRecord, TopicKind.Version, 1, TimeSpan.FromSeconds(30)),
            new(FaultKind.CorruptRecord, TopicKind.RealTime, 0, TimeSpan.Zero) { When = new MilestoneCase(MilestoneKind.EndOfPushConsumed, 0, 1, TimeSpan.Zero) },
        ];

        var shrinks = VeniceGen.ShrinkLogFaultSchedule(schedule, Bounds).ToList();

        Assert.That(shrinks.Take(2).Select(s => s.Count), Is.EqualTo(new[] { 1, 1 }), "removing a fault comes first");
        Assert.That(shrinks.Skip(2), Has.Some.Matches<IReadOnlyList<LogFaultCase>>(s => s[0].At == TimeSpan.Zero && s[0].Partition == 1));
        Assert.That(shrinks.Skip(2), Has.Some.Matches<IReadOnlyList<LogFaultCase>>(s => s[0].Partition == 0 && s[0].At == TimeSpan.FromSeconds(30)));
        Assert.That(shrinks.Skip(2), Has.Some.Matches<IReadOnlyList<LogFaultCase>>(s => s[1].When is null));
        Assert.That(shrinks.Skip(2), Has.Some.Matches<IReadOnlyList<LogFaultCase>>(s => s[1].When is { Kind: MilestoneKind.StartOfPushConsumed }));
    }

    [Test]
    public void A_failover_case_with_milestone_and_log_faults_becomes_a_world_with_those_triggers()
    {
        var c = new FailoverWorldCase(new ClusterShape(3, 2, 3), new WorkloadCase(20, 10, 8), new WorkloadCase(100, 50, 8), 7,
            [new FaultCase(FaultKind.Crash, 1, TimeSpan.Zero, TimeSpan.FromSeconds(5)) { When = new MilestoneCase(MilestoneKind.EndOfPushConsumed, 1, 1, TimeSpan.FromSeconds(2)) }])
        {
            LogFaults = [new LogFaultCase(FaultKind.LoseRecord, TopicKind.Version, 0, TimeSpan.FromSeconds(12))],
        };

        var faults = c.ToBuilder().Spec.Faults;

        Assert.That(faults.Select(f => f.Kind), Is.EqualTo(new[] { FaultKind.Crash, FaultKind.Restart, FaultKind.LoseRecord }));
        var crash = (AtMilestone)faults[0].Trigger;
        Assert.That((crash.Milestone.Kind, crash.Milestone.Store, crash.Milestone.Partition, crash.Delay),
            Is.EqualTo((MilestoneKind.EndOfPushConsumed, FailoverWorldCase.StoreName, (int?)1, TimeSpan.FromSeconds(2))));
        Assert.That(((AtMilestone)faults[1].Trigger).Delay, Is.EqualTo(TimeSpan.FromSeconds(7)), "the restart follows the crash by its duration");
        Assert.That((faults[2].Store, faults[2].Partition, ((AtTime)faults[2].Trigger).Time), Is.EqualTo((FailoverWorldCase.StoreName, (int?)0, TimeSpan.FromSeconds(12))));
        Assert.That(c.FaultCount, Is.EqualTo(2));
    }

    [Test]
    public void A_smaller_cluster_keeps_every_partition_the_faults_name()
    {
        var c = new FailoverWorldCase(new ClusterShape(3, 3, 2), new WorkloadCase(1, 1, 8), new WorkloadCase(1, 1, 8), 0, [])
        {
            LogFaults = [new LogFaultCase(FaultKind.DuplicateRecord, TopicKind.Version, 1, TimeSpan.Zero)],
        };

        var shrinks = WorldCaseGen.ShrinkFailoverWorld(c, faults: Bounds).Where(s => s.LogFaults.Count == 1 && s.LogFaults[0].Partition == 1);

        Assert.That(shrinks.Select(s => s.Cluster.Partitions), Has.All.GreaterThanOrEqualTo(2));
        Assert.That(shrinks.Select(s => s.Cluster.Partitions), Has.Some.EqualTo(2));
    }

    [Test]
    public void A_milestone_triggered_fault_cannot_become_faults_without_its_store()
    {
        var fault = new FaultCase(FaultKind.Pause, 0, TimeSpan.Zero, TimeSpan.FromSeconds(1)) { When = new MilestoneCase(MilestoneKind.CheckpointWritten, 0, 1, TimeSpan.Zero) };

        Assert.That(() => fault.ToFaults().ToList(), Throws.InvalidOperationException);
        Assert.That(((AtMilestone)fault.ToFaults("carts").Single().Trigger).Milestone.Kind, Is.EqualTo(MilestoneKind.CheckpointWritten));
    }
}
