using Venice.Sim.Model;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;
using Venice.Sim.World;

namespace Venice.Sim.Tests.World;

/// <summary>
/// <see cref="ActorReadiness"/>, the loop's ready set and deadline queue: what it remembers of every actor
/// is what polling every actor gives, on every step of every library scenario under several seeds, so
/// the enabled list the scheduler sees (and every trace) is the one the polling loop produced.
/// </summary>
[TestFixture]
[Category("ScenarioLibrary")]
[Parallelizable(ParallelScope.Children)]
public sealed class ActorReadinessTests
{
    /// <summary>Seeds per scenario beyond its own: other fault placements and schedules, other wake-up orders.</summary>
    private const int ExtraSeeds = 2;

    public static IEnumerable<TestCaseData> EveryScenarioAndSeed()
    {
        foreach (var relative in ScenarioLibraryCoverageTests.LibraryFiles())
        {
            for (int extra = 0; extra <= ExtraSeeds; extra++)
            {
                yield return new TestCaseData(relative, extra).SetName($"{{m}}({relative}, seed+{extra})");
            }
        }
    }

    [TestCaseSource(nameof(EveryScenarioAndSeed))]
    public void The_remembered_answers_match_polling_on_every_step(string relativePath, int extraSeed)
    {
        var scenario = LibraryScenario.Load(relativePath);
        var world = WorldBuilder.From(scenario.ToSpec()).WithSeed(scenario.Seed + extraSeed).Build();
        world.Readiness.CrossCheck = true;

        // CrossCheck throws on the first step whose remembered answer differs from the polled one.
        var result = world.Run();

        long polled = world.Readiness.Refreshes * world.Actors.Count;
        Assert.That(world.Readiness.Recomputed, Is.LessThan(polled),
            $"{relativePath}: the ready set asked {world.Readiness.Recomputed} actors in {world.Readiness.Refreshes} refreshes, no fewer than polling ({polled})");
    }

    [Test]
    public void A_change_the_ready_set_was_not_told_about_is_caught_by_the_cross_check()
    {
        var world = WorldBuilder.Create(7).WithServers(1)
            .WithStore(new StoreDefinition("s") { Kind = StoreKind.Batch, Partitions = 1, ReplicationFactor = 1 })
            .WithPush("s", Workload.Puts(10, 10, 8))
            .Build();
        world.Readiness.CrossCheck = true;
        var enabled = new List<ISimActor>();
        Assert.That(SimulationLoop.NextEnabled(world, enabled, long.MaxValue, long.MaxValue), Is.Null);
        Assert.That(enabled, Does.Contain(world.PushJob));

        // Behind the world's back: SimWorld.KillPush would have told the ready set, PushJobActor.Kill does not.
        world.PushJob.Kill();

        var diverged = Assert.Throws<InvalidOperationException>(() => SimulationLoop.NextEnabled(world, enabled, long.MaxValue, long.MaxValue));
        Assert.That(diverged!.Message, Does.Contain("push-job remembered HasWork=True, polled False"));
    }

    [Test]
    public void A_world_that_was_told_runs_the_same_steps_as_when_everything_is_asked_again()
    {
        var spec = HarnessLikeWorld().Spec;
        var cached = WorldBuilder.From(spec).Build();
        var reasked = WorldBuilder.From(spec).Build();
        // Forgetting every answer before each step is the polling loop; the trace must not notice the difference.
        reasked.OnAfterStep(reasked.Readiness.InvalidateAll);

        var a = cached.Run();
        var b = reasked.Run();

        Assert.That(a.TraceSha256, Is.EqualTo(b.TraceSha256));
        Assert.That(a.Steps, Is.EqualTo(b.Steps));
        Assert.That(cached.Readiness.Recomputed, Is.LessThan(reasked.Readiness.Recomputed / 2),
            $"{a.Steps} steps, {cached.Readiness.Refreshes} refreshes");
    }

    private static WorldBuilder HarnessLikeWorld() =>
        WorldBuilder.Create(3).WithServers(12)
            .WithStore(new StoreDefinition("s") { Kind = StoreKind.Batch, Partitions = 48, ReplicationFactor = 3 })
            .WithPush("s", Workload.Puts(20_000, 5_000, 16))
            .WithRandomFaults(new RandomFaults(Crashes: 1, SessionExpiries: 1, Pauses: 1))
            .WithPhases(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(600));
}
