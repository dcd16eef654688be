using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.FsCheck;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Properties;

/// <summary>The generators' bounds: impossible ones refused at configuration time, possible ones respected by generation and shrinking.</summary>
[TestFixture]
[Category("Property")]
public sealed class GeneratorBoundsTests
{
    [Test]
    public void A_maximum_below_its_minimum_is_refused_naming_the_bound()
    {
        var e = Assert.Throws<ArgumentException>(() => new ClusterBounds(minServers: 3, maxServers: 2));
        Assert.That(e!.ParamName, Is.EqualTo("maxServers"));
        Assert.That(Assert.Throws<ArgumentException>(() => new WorkloadBounds(minRecords: 10, maxRecords: 5))!.ParamName, Is.EqualTo("maxRecords"));
        Assert.That(Assert.Throws<ArgumentException>(() => new FaultBounds(minDuration: TimeSpan.FromSeconds(5), maxDuration: TimeSpan.FromSeconds(2)))!.ParamName, Is.EqualTo("maxDuration"));
    }

    [Test]
    public void Impossible_schedule_bounds_are_refused_naming_the_bound()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new ScheduleBounds(minDecisions: 5, maxDecisions: 2))!.ParamName, Is.EqualTo("maxDecisions"));
        Assert.That(Assert.Throws<ArgumentException>(() => new ScheduleBounds(maxDecisions: 20, maxStep: 9))!.ParamName, Is.EqualTo("maxDecisions"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new ScheduleBounds(maxChoice: -1))!.ParamName, Is.EqualTo("maxChoice"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new ScheduleBounds(maxStep: -1))!.ParamName, Is.EqualTo("maxStep"));
    }

    [Test]
    public void A_replication_factor_above_the_most_servers_is_refused_naming_the_bound()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new ClusterBounds(maxServers: 2, maxReplicationFactor: 3))!.ParamName, Is.EqualTo("maxReplicationFactor"));
        Assert.That(Assert.Throws<ArgumentException>(() => new ClusterBounds(maxServers: 2, minReplicationFactor: 3))!.ParamName, Is.EqualTo("minReplicationFactor"));
    }

    [Test]
    public void A_fault_kind_the_generator_cannot_time_is_refused()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new FaultBounds(kinds: [FaultKind.MoveLeader]))!.ParamName, Is.EqualTo("kinds"));
    }

    [Test]
    public void Generated_clusters_and_their_shrinks_stay_within_the_bounds()
    {
        var bounds = new ClusterBounds(minServers: 2, maxServers: 5, minPartitions: 2, maxPartitions: 3, minReplicationFactor: 2, maxReplicationFactor: 3);
        bool Within(ClusterShape s) => s.Servers is >= 2 and <= 5 && s.Partitions is >= 2 and <= 3 && s.ReplicationFactor >= 2 && s.ReplicationFactor <= Math.Min(3, s.Servers);

        var shapes = VeniceGen.ClusterShapes(bounds).Sample(200, new Rnd(20_261_124UL), 10);

        Assert.That(shapes.All(Within), Is.True);
        Assert.That(shapes.SelectMany(s => VeniceGen.ShrinkCluster(s, bounds)).All(Within), Is.True);
        Assert.That(shapes.Select(s => s.Servers).Distinct().Count(), Is.GreaterThan(1), "the generator must vary the servers");
    }

    [Test]
    public void Fault_schedules_shrink_toward_fewer_and_earlier_faults()
    {
        var bounds = new FaultBounds();
        IReadOnlyList<FaultCase> schedule = [new(FaultKind.Pause, 2, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(10)), new(FaultKind.Crash, 1, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5))];

        var shrinks = VeniceGen.ShrinkFaultSchedule(schedule, bounds).ToArray();

        Assert.That(shrinks.Take(2).Select(s => s.Count), Is.EqualTo(new[] { 1, 1 }), "removing a fault comes first");
        Assert.That(shrinks.Skip(2).All(s => s.Count == 2 && s.Zip(schedule).All(p => p.First.At <= p.Second.At && p.First.Duration <= p.Second.Duration && p.First.Server <= p.Second.Server)), Is.True);
        Assert.That(shrinks.Any(s => s.Count == 2 && s[0].At == TimeSpan.Zero), Is.True, "a fault moves to the start of the window");
    }

    [Test]
    public void A_failover_case_becomes_a_world_with_its_faults_and_a_crash_comes_back()
    {
        var c = new FailoverWorldCase(new ClusterShape(3, 2, 3), new WorkloadCase(20, 10, 8), new WorkloadCase(100, 50, 8), 7,
            [new FaultCase(FaultKind.Crash, 1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5))]);

        var spec = c.ToBuilder().Spec;

        Assert.That(spec.Servers, Is.EqualTo(3));
        Assert.That(spec.Stores.Single().Kind, Is.EqualTo(StoreKind.Hybrid));
        Assert.That(spec.Faults.Select(f => f.Kind), Is.EqualTo(new[] { FaultKind.Crash, FaultKind.Restart }));
        Assert.That(spec.Faults.Select(f => ((AtTime)f.Trigger).Time), Is.EqualTo(new[] { TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(35) }));
    }
}
