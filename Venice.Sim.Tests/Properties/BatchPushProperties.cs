using FsCheck;
using FsCheck.Fluent;
using FsCheck.NUnit;
using Venice.Core.Reporting;
using Venice.Sim.Drivers;
using Venice.Sim.Running;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Properties;

/// <summary>FsCheck properties over generated small batch-push worlds and schedules.</summary>
[TestFixture]
[Category("Property")]
public sealed class BatchPushProperties
{
    private static (SimWorld World, LoopOutcome Outcome) Run(BatchWorldCase c, Func<Venice.Core.ServerId, Venice.Core.Storage.IStorageEngine, Venice.Core.Storage.IStorageEngine>? wrap = null)
    {
        var world = new SimWorld(c.ToConfig() with { WrapStorage = wrap });
        var outcome = WorldRun.ToEnd(world, new ExplicitScheduler(c.Schedule));
        return (world, outcome);
    }

    private static bool Healthy(SimWorld world) =>
        world.Invariants.Violations.Count == 0 && world.VersionStatus == VersionStatus.ONLINE;

    [FsCheck.NUnit.Property(Arbitrary = new[] { typeof(BatchWorldArbitraries) }, MaxTest = 60)]
    public Property Every_generated_batch_push_goes_online_with_all_invariants_holding(BatchWorldCase c)
    {
        var (world, _) = Run(c);
        return Healthy(world).Label(string.Join("; ", world.Invariants.Violations.Select(v => $"{v.Invariant}: {v.Message}")));
    }

    [Test]
    public void A_world_whose_storage_drops_the_first_write_fails_and_shrinks_to_a_one_record_push()
    {
        BatchWorldCase? smallestFailing = null;
        var property = Prop.ForAll(BatchWorldArbitraries.BatchWorld(), c =>
        {
            var (world, _) = Run(c, (_, engine) => new WriteDroppingStorage(engine, dropNth: 1));
            bool healthy = Healthy(world);
            if (!healthy) smallestFailing = c;
            return healthy;
        });

        var failure = Assert.Catch<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), property));

        Assert.That(failure!.Message, Does.Contain("Falsifiable"));
        Assert.That(failure.Message, Does.Match(@"\(([1-9]\d*) shrinks?\)"), "FsCheck must have shrunk the counterexample");
        Assert.That(smallestFailing, Is.Not.Null);
        Assert.That(smallestFailing!.Records, Is.EqualTo(1), $"shrunk to {smallestFailing}");
        Assert.That(smallestFailing.Partitions, Is.EqualTo(1), $"shrunk to {smallestFailing}");
        Assert.That(smallestFailing.Servers, Is.EqualTo(1), $"shrunk to {smallestFailing}");
    }
}
