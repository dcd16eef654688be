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
    /// <summary>The file's <c>storage:</c>: which engine every server stores its replicas in.</summary>
    public ScenarioStorage Storage { get; init; } = ScenarioStorage.Memory;
}

/// <summary>A scenario's `cluster:`: servers, and the store's partitions and replication factor.</summary>
public sealed record ClusterSpec(int Servers, int Partitions, int ReplicationFactor);

/// <summary>A scenario's `store:`: name, kind, its push and (hybrid) real-time writes.</summary>
public sealed record StoreSpec(string Name, StoreKind Kind, PushSpec Push, RealtimeSpec? Realtime);

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
        var store = new StoreDefinition(scenario.Store.Name)
        {
            Kind = scenario.Store.Kind,
            Partitions = scenario.Cluster.Partitions,
            ReplicationFactor = scenario.Cluster.ReplicationFactor,
        };
        var builder = WorldBuilder.Create(scenario.Seed)
            .WithName(scenario.Name)
            .WithServers(scenario.Cluster.Servers)
            .WithStore(store)
            .WithPush(store.Name, Workload.Puts(scenario.Store.Push.Records, Math.Max(1, scenario.Store.Push.Keys), scenario.Store.Push.ValueBytes))
            .WithRandomFaults(new RandomFaults(scenario.Random.Crashes, scenario.Random.SessionExpiries, scenario.Random.Pauses, scenario.Random.Isolations))
            .WithPhases(TimeSpan.FromMilliseconds(scenario.Phases.FaultsUntilMs), TimeSpan.FromMilliseconds(scenario.Phases.SettleWithinMs));
        if (scenario.Store.Realtime is { } rt)
        {
            builder = builder.WithRealtime(store.Name, Workload.RealTime(rt.Records, Math.Max(1, rt.Keys), rt.ValueBytes, Math.Max(1, rt.RatePerSecond)));
        }
        var spec = builder.Spec with
        {
            Config = scenario.Config,
            Defects = scenario.Defects,
            Faults = scenario.Faults.Select(f => f.Fault).ToArray(),
        };
        return spec;
    }
}
