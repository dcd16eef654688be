using Venice.Sim;

namespace Venice.Samples.Tests;

/// <summary>Many seeds of one world: the cheapest search, and the first failure comes with its seed.</summary>
public sealed class SeededRunsTests
{
    [Test]
    public void Twenty_seeds_of_a_leader_crash_mid_push_all_pass()
    {
        var result = SeededRuns.Run(Worlds.LeaderCrashMidPush(), Enumerable.Range(1, 20).Select(seed => (long)seed));

        Assert.That(result.AllPassed, Is.True, result.Reproduction);
        var unfired = result.Runs.SelectMany(r => r.UnfiredFaults.Select(f => $"seed {r.Seed}: {f.Fault} never fired: {f.Detail}"));
        Assert.That(unfired, Is.Empty, "the crash must fire in every run");
    }
}
