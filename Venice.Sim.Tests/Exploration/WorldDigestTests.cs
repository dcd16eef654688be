using Venice.Sim.Faults;
using Venice.Sim.Model;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Exploration;

/// <summary>The exhaustive mode's state digest: equal for equal worlds, changed by what changes the future.</summary>
[TestFixture]
[Category("Exhaustive")]
public sealed class WorldDigestTests
{
    private static SimWorld Tiny() => WorldBuilder.Create(seed: 1)
        .WithServers(3)
        .WithStore(StoreDefinition.Batch("tla", partitions: 1, replicationFactor: 3))
        .WithPush("tla", Workload.Puts(records: 2, keys: 2, valueBytes: 1))
        .Build();

    private static void StepFirstEnabled(SimWorld world, int steps)
    {
        var enabled = new List<ISimActor>();
        for (int i = 0; i < steps; i++)
        {
            Assert.That(SimulationLoop.NextEnabled(world, enabled, long.MaxValue, long.MaxValue), Is.Null);
            SimulationLoop.StepActor(world, enabled[0]);
            world.AfterStep();
        }
    }

    [Test]
    public void Two_worlds_built_and_stepped_alike_have_the_same_digest()
    {
        var first = Tiny();
        var second = Tiny();
        StepFirstEnabled(first, 5);
        StepFirstEnabled(second, 5);

        Assert.That(WorldDigest.Of(second), Is.EqualTo(WorldDigest.Of(first)));
    }

    [Test]
    public void A_step_changes_the_digest()
    {
        var world = Tiny();
        var before = WorldDigest.Of(world);
        StepFirstEnabled(world, 1);

        Assert.That(WorldDigest.Of(world), Is.Not.EqualTo(before));
    }

    [Test]
    public void A_crash_changes_the_digest()
    {
        var world = Tiny();
        StepFirstEnabled(world, 3);
        var before = WorldDigest.Of(world);
        world.Faults.Inject(Fault.Crash(2));

        Assert.That(WorldDigest.Of(world), Is.Not.EqualTo(before));
    }

    [Test]
    public void Computing_the_digest_does_not_change_the_world()
    {
        var world = Tiny();
        StepFirstEnabled(world, 4);
        var first = WorldDigest.Of(world);

        Assert.That(WorldDigest.Of(world), Is.EqualTo(first));
    }
}
