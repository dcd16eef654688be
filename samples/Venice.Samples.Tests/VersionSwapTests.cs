using Venice.Sim;
using Venice.Sim.Running;

namespace Venice.Samples.Tests;

/// <summary>Many versions of one store: swaps, a failover during a swap and the retirement of the oldest version.</summary>
public sealed class VersionSwapTests
{
    [Test]
    public void Three_versions_swap_in_turn_and_the_oldest_is_retired_whatever_the_seed()
    {
        foreach (long seed in new long[] { 1, 2, 3 })
        {
            var result = Worlds.ThreeVersions(seed).WithRecordedTrace().Build().Run();

            Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed),
                $"seed {seed}: " + string.Join("; ", result.ExpectationFailures));
            var events = result.TraceEvents.Select(e => $"{e.Kind} {e.Detail}").ToArray();
            Assert.That(events, Has.Some.StartsWith("version-swap orders orders_v1 -> orders_v2"));
            Assert.That(events, Has.Some.StartsWith("version-swap orders orders_v2 -> orders_v3"));
            Assert.That(events, Has.Some.StartsWith("version-retired orders_v1"));
        }
    }
}
