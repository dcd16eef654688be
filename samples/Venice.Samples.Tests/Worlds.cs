using Venice.Core.Reporting;
using Venice.Sim;
using Venice.Sim.Model;

namespace Venice.Samples.Tests;

/// <summary>The worlds the samples test, built in code the way a user's test project builds its own.</summary>
public static class Worlds
{
    public const string Store = "orders";

    /// <summary>
    /// Three servers, one batch store of two partitions replicated three times, a push of 2,000 records; the
    /// leader Helix chose for partition 0 crashes 30 ms after its promotion started, in the middle of the
    /// push, and comes back when the fault phase ends (the heal restarts crashed servers).
    /// </summary>
    public static WorldBuilder LeaderCrashMidPush(long seed = 1) =>
        WorldBuilder.Create(seed)
            .WithServers(3)
            .WithStore(StoreDefinition.Batch(Store, partitions: 2, replicationFactor: 3))
            .WithPush(Store, Workload.Puts(records: 2_000, keys: 500, valueBytes: 100))
            .WithFault(Fault.Crash(ServerTarget.LeaderOf(Store, partition: 0))
                .When(Milestone.PromotionStarted(Store, partition: 0), delay: TimeSpan.FromMilliseconds(30)))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(30), settleWithin: TimeSpan.FromSeconds(600));

    /// <summary>
    /// One batch store pushed three times: version 2 ingests while version 1 serves and becomes current once
    /// ONLINE; version 3 starts at 20 s and its leader of partition 0 crashes the moment it goes ONLINE (a
    /// failover during the swap); with the default retention (current + one backup) version 1 is retired.
    /// </summary>
    public static WorldBuilder ThreeVersions(long seed = 1) =>
        WorldBuilder.Create(seed)
            .WithServers(3)
            .WithStore(StoreDefinition.Batch(Store, partitions: 2, replicationFactor: 2) with { VersionsToPreserve = 2 })
            .WithPush(Store, Workload.Puts(records: 1_500, keys: 400, valueBytes: 60))   // version 1, at time 0
            .WithPush(Store, Workload.Puts(records: 1_500, keys: 400, valueBytes: 60))   // version 2, once version 1 is done
            .WithPush(Store, Workload.Puts(records: 1_000, keys: 300, valueBytes: 60), startAt: TimeSpan.FromSeconds(20))
            .WithFault(Fault.Crash(ServerTarget.LeaderOf(Store, partition: 0))
                .When(Milestone.VersionStatusChanged(Store, VersionStatus.ONLINE).Nth(3)))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(60), settleWithin: TimeSpan.FromSeconds(900));
}
