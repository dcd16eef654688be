using Venice.Sim;
using Venice.Sim.Coyote;

namespace Venice.Samples.Tests;

/// <summary>
/// Coyote explores the leader-crash-mid-push world: each iteration Coyote, not a seed, decides which actors
/// step together and in which order. This project is not rewritten by Coyote: only the packaged
/// Venice.Sim.Coyote is, and it ships rewritten.
/// </summary>
public sealed class LeaderCrashUnderCoyote
{
    private static readonly CoyoteOptions Options = new(Iterations: 30, Strategy: ExploreStrategy.Random, Seed: 7);

    [Test]
    public void A_leader_crash_mid_push_keeps_every_invariant_in_every_explored_schedule()
    {
        var result = CoyoteTesting.Explore(Worlds.LeaderCrashMidPush(), Options);

        Assert.That(result.BugFound, Is.False, result.Bug);
        Assert.That(result.IterationsRun, Is.EqualTo(30));
    }

    [Test]
    public void Coyote_finds_a_seeded_bug_in_the_same_world_and_its_trace_replays_to_the_same_failure()
    {
        var world = Worlds.LeaderCrashMidPush().WithDefect("checkpoint-before-sync");

        var result = CoyoteTesting.Explore(world, Options);

        Assert.That(result.BugFound, Is.True, "Coyote should find checkpoint-before-sync");
        Assert.That(result.FailingRun!.Violations.Select(v => v.Invariant), Does.Contain("checkpoint-not-ahead"));
        var replayed = CoyoteTesting.Replay(world, result.ReproducibleTrace!);
        Assert.That(replayed.TraceSha256, Is.EqualTo(result.FailingRun.TraceSha256));
    }
}
