using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.FsCheck;
using Venice.Sim.Running;

namespace Venice.Sim.Tests.Properties;

/// <summary>FsCheck properties over generated small batch-push worlds (Venice.Sim.FsCheck), built with WorldBuilder.</summary>
[TestFixture]
[Category("Property")]
public sealed class BatchPushProperties
{
    private static string Describe(RunResult result) =>
        string.Join("; ", result.ExpectationFailures.Concat(result.Violations.Select(v => $"{v.Invariant}: {v.Message}")));

    [global::FsCheck.NUnit.Property(Arbitrary = new[] { typeof(VeniceArbitraries) }, MaxTest = 60)]
    public Property Every_generated_batch_push_goes_online_with_all_invariants_holding(BatchWorldCase c)
    {
        var result = c.ToBuilder().Build().Run();
        return (result.Outcome == RunOutcome.Passed).Label($"{c}: {Describe(result)}");
    }

    [Test]
    public void A_world_whose_storage_drops_the_first_write_fails_and_shrinks_to_a_one_record_push_on_one_server()
    {
        BatchWorldCase? smallestFailing = null;
        var property = Prop.ForAll(VeniceArbitraries.BatchWorld(), c =>
        {
            var result = c.ToBuilder().WithStorage((_, engine) => new WriteDroppingStorage(engine, dropNth: 1)).Build().Run();
            bool passed = result.Outcome == RunOutcome.Passed;
            if (!passed) smallestFailing = c;
            return passed;
        });

        var config = Config.QuickThrowOnFailure.WithMaxTest(100).WithReplay(20_261_124UL, 0x9E3779B97F4A7C15UL);
        var failure = Assert.Catch<Exception>(() => Check.One(config, property));

        Assert.That(failure!.Message, Does.Contain("Falsifiable"));
        Assert.That(failure.Message, Does.Match(@"\(([1-9]\d*) shrinks?\)"), "FsCheck must have shrunk the counterexample");
        Assert.That(smallestFailing, Is.Not.Null);
        Assert.That(smallestFailing!.Push.Records, Is.EqualTo(1), $"shrunk to {smallestFailing}");
        Assert.That(smallestFailing.Cluster, Is.EqualTo(new ClusterShape(1, 1, 1)), $"shrunk to {smallestFailing}");
        Assert.That(smallestFailing.Store.Config, Is.Empty, $"shrunk to {smallestFailing}");
    }
}
