using Venice.Sim;
using Venice.Sim.Model;

namespace Venice.Samples.Tests;

/// <summary>The worlds the samples test, built in code the way a user's test project builds its own.</summary>
public static class Worlds
{
    public const string Store = "orders";

    /// <summary>
    /// Three servers, one batch store of two partitions replicated three times, a push of 2,000 records; the
    /// leader of partition 0 crashes 20 ms after it consumed START_OF_PUSH, in the middle of the push, and
    /// comes back when the fault phase ends.
    /// </summary>
    public static WorldBuilder LeaderCrashMidPush(long seed = 1) =>
        SimWorld.Create(seed)
            .WithServers(3)
            .WithStore(StoreDefinition.Batch(Store, partitions: 2, replicationFactor: 3))
            .WithPush(Store, Workload.Puts(records: 2_000, keys: 500, valueBytes: 100))
            .WithFault(Fault.Crash(ServerTarget.LeaderOf(Store, partition: 0))
                .When(Milestone.StartOfPushConsumed(Store, partition: 0, ReplicaRole.Leader), delay: TimeSpan.FromMilliseconds(20)))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(30), settleWithin: TimeSpan.FromSeconds(600));
}
