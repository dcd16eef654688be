using Venice.Sim.Model;

namespace Venice.Sim.Scenarios;

/// <summary>A parsed, validated scenario file (docs/scenarios.md). Times are in sim milliseconds.</summary>
public sealed record Scenario(
    string Name,
    string Description,
    long Seed,
    ClusterSpec Cluster,
    StoreSpec Store,
    IReadOnlyList<KeyValuePair<string, string>> Config,
    IReadOnlyList<ScenarioFault> Faults,
    RandomFaultSpec Random,
    IReadOnlyList<string> Defects,
    PhasesSpec Phases,
    ExpectSpec Expect,
    string SourcePath)
{
    /// <summary>The scenario's `stores:` beyond the first (the first is <see cref="Store"/>), on the same servers.</summary>
    public IReadOnlyList<StoreSpec> MoreStores { get; init; } = [];

    /// <summary>The scenario's `pushes:`: each store's pushes after its first, in file order.</summary>
    public IReadOnlyList<ScenarioPush> Pushes { get; init; } = [];

    /// <summary>Every store of the scenario, the first one first.</summary>
    public IEnumerable<StoreSpec> AllStores => [Store, .. MoreStores];

    /// <summary>The file's `schedule:` (docs/scenarios.md#schedule); null without one, so the seeded scheduler chooses every step.</summary>
    public IReadOnlyList<ScheduleDecision>? Schedule { get; init; }

    /// <summary>The file's <c>storage:</c>: which engine every server stores its replicas in.</summary>
    public ScenarioStorage Storage { get; init; } = ScenarioStorage.Memory;

    /// <summary>The file's <c>log:</c>: where the log keeps its records (memory, or segment files).</summary>
    public ScenarioLog Log { get; init; } = ScenarioLog.Memory;
}

/// <summary>A later push of a scenario's `pushes:` list: the version it creates, when it starts, its records.</summary>
/// <param name="Store">The store pushed to.</param>
/// <param name="Version">The version it creates (the store's previous version + 1).</param>
/// <param name="StartAtMs">When it starts; null: as soon as the store's previous push is done.</param>
/// <param name="Push">Its records, keys and value size.</param>
public sealed record ScenarioPush(string Store, int Version, long? StartAtMs, PushSpec Push);

/// <summary>A scenario's `cluster:`: servers, and the store's partitions and replication factor.</summary>
public sealed record ClusterSpec(int Servers, int Partitions, int ReplicationFactor);

/// <summary>A scenario's `store:`: name, kind, its push and (hybrid) real-time writes.</summary>
public sealed record StoreSpec(string Name, StoreKind Kind, PushSpec Push, RealtimeSpec? Realtime)
{
    /// <summary>`retention:`: how many versions the store keeps (current + backups); Venice's default 2.</summary>
    public int Retention { get; init; } = StoreDefinition.DefaultVersionsToPreserve;

    /// <summary>A store of `stores:` may have its own partitions; null takes cluster.partitions.</summary>
    public int? Partitions { get; init; }

    /// <summary>A store of `stores:` may have its own replication factor; null takes cluster.replicationFactor.</summary>
    public int? ReplicationFactor { get; init; }
}

/// <summary>A scenario's `push:`: records, key space and value size of the batch push.</summary>
public sealed record PushSpec(int Records, int Keys, int ValueBytes);

/// <summary>A scenario's `realtime:`: records, rate, key space and value size of the real-time writes.</summary>
public sealed record RealtimeSpec(int Records, int RatePerSecond, int Keys, int ValueBytes);

/// <summary>One explicit fault of a scenario file and where its mapping starts (1-based line and column).</summary>
public sealed record ScenarioFault(Fault Fault, int Line, int Column);

/// <summary>A scenario's `phases:`: the end of the fault phase and the settle bound, in sim ms.</summary>
public sealed record PhasesSpec(long FaultsUntilMs, long SettleWithinMs)
{
    public static PhasesSpec Default { get; } =
        new((long)WorldSpec.DefaultFaultsUntil.TotalMilliseconds, (long)WorldSpec.DefaultSettleWithin.TotalMilliseconds);
}

/// <summary>A scenario's `expect:`: the version status and the invariants that must fire.</summary>
public sealed record ExpectSpec(string VersionStatus, IReadOnlyList<string> Violations);

/// <summary>A scenario file loads into the same <see cref="WorldSpec"/> the builder makes (one path to a world).</summary>
public static class ScenarioSpecs
{
    /// <summary>The world the scenario describes, with its seed, defects, faults, phases and expectations.</summary>
    public static WorldSpec ToSpec(this Scenario scenario)
    {
        var builder = WorldBuilder.Create(scenario.Seed)
            .WithName(scenario.Name)
            .WithServers(scenario.Cluster.Servers);
        foreach (var spec in scenario.AllStores)
        {
            var store = new StoreDefinition(spec.Name)
            {
                Kind = spec.Kind,
                Partitions = spec.Partitions ?? scenario.Cluster.Partitions,
                ReplicationFactor = spec.ReplicationFactor ?? scenario.Cluster.ReplicationFactor,
                VersionsToPreserve = spec.Retention,
            };
            builder = builder
                .WithStore(store)
                .WithPush(store.Name, Workload.Puts(spec.Push.Records, Math.Max(1, spec.Push.Keys), spec.Push.ValueBytes));
            if (spec.Realtime is { } rt)
            {
                builder = builder.WithRealtime(store.Name, Workload.RealTime(rt.Records, Math.Max(1, rt.Keys), rt.ValueBytes, Math.Max(1, rt.RatePerSecond)));
            }
        }
        foreach (var push in scenario.Pushes)
        {
            var workload = Workload.Puts(push.Push.Records, Math.Max(1, push.Push.Keys), push.Push.ValueBytes);
            builder = push.StartAtMs is { } at
                ? builder.WithPush(push.Store, workload, TimeSpan.FromMilliseconds(at))
                : builder.WithPush(push.Store, workload);
        }
        builder = builder
            .WithRandomFaults(new RandomFaults(scenario.Random.Crashes, scenario.Random.SessionExpiries, scenario.Random.Pauses, scenario.Random.Isolations)
            {
                Placement = scenario.Random.Placement,
                AimAt = scenario.Random.AimAt,
            })
            .WithPhases(TimeSpan.FromMilliseconds(scenario.Phases.FaultsUntilMs), TimeSpan.FromMilliseconds(scenario.Phases.SettleWithinMs));
        var spec2 = builder.Spec with
        {
            Config = scenario.Config,
            Defects = scenario.Defects,
            Faults = scenario.Faults.Select(f => f.Fault).ToArray(),
            Schedule = scenario.Schedule,
            // log: file puts the records in segment files under the temporary directory, deleted with the world.
            FileLog = scenario.Log == ScenarioLog.File ? new Venice.Sim.Files.FileLogOptions() : null,
        };
        return spec2;
    }
}
