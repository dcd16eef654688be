using Venice.Core.Reporting;
using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Building;

public sealed class WorldBuilderTests
{
    private static WorldBuilder SmallBatchWorld(long seed) =>
        WorldBuilder.Create(seed).WithServers(3)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 3))
            .WithPush("orders", Workload.Puts(records: 300, keys: 100, valueBytes: 50));

    [Test]
    public void A_batch_world_built_in_code_runs_to_an_online_version()
    {
        var result = SmallBatchWorld(7).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(result.VersionStatus, Is.EqualTo(nameof(VersionStatus.ONLINE)));
        Assert.That(result.TraceSha256, Has.Length.EqualTo(64));
    }

    [Test]
    public void The_same_builder_and_seed_give_the_same_trace_and_another_seed_another()
    {
        var builder = SmallBatchWorld(7);

        Assert.That(builder.Build().Run().TraceSha256, Is.EqualTo(builder.Build().Run().TraceSha256));
        Assert.That(builder.WithSeed(8).Build().Run().TraceSha256, Is.Not.EqualTo(builder.Build().Run().TraceSha256));
    }

    [Test]
    public void A_seeded_defect_makes_the_run_fail_with_its_invariant()
    {
        var result = SmallBatchWorld(7).WithDefect("complete-before-eop").Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Failed));
        Assert.That(result.Violations.Select(v => v.Invariant), Does.Contain("status-order").Or.Contain("online-has-data"));
    }

    [Test]
    public void A_replication_factor_above_the_servers_is_refused_when_the_world_is_built()
    {
        var builder = WorldBuilder.Create(1).WithServers(2).WithStore(StoreDefinition.Batch("orders", 1, 3));

        var error = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.That(error!.Message, Does.Contain("replicationFactor 3"));
    }

    [Test]
    public void Builder_methods_name_the_parameter_and_range_they_refuse()
    {
        var builder = WorldBuilder.Create(1);

        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithServers(0))!.ParamName, Is.EqualTo("count"));
        Assert.That(Assert.Throws<ArgumentException>(() => builder.WithPush("nope", Workload.Puts(1, 1, 1)))!.ParamName, Is.EqualTo("store"));
        Assert.That(Assert.Throws<ArgumentException>(() => builder.WithDefect("no-such-defect"))!.Message, Does.Contain("promote-without-wait"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ValueSize.Uniform(10, 5))!.ParamName, Is.EqualTo("maxBytes"));
    }
}
