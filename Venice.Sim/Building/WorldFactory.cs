using Venice.Sim.Faults;
using Venice.Sim.Running;
using Venice.Sim.Tracing;
using Venice.Sim.World;
using Venice.Sim.Model;
using Venice.Sim.Invariants;

namespace Venice.Sim;

/// <summary>
/// The one way a world comes to be: a <see cref="WorldSpec"/> (from the builder, a scenario file or a
/// generator) is bound (Venice config names), its trace header written, the world constructed, its
/// explicit faults scheduled, its random faults placed and the heal at the end of the fault phase set.
/// </summary>
internal static class WorldFactory
{
    /// <exception cref="ScenarioRunException">A config value the engine refuses, or a spec the model cannot run.</exception>
    public static (SimWorld World, TraceObserver Trace) Build(WorldSpec spec, ITraceSink sink, string scenarioPath, IFaultChoices? faultChoices)
    {
        var settings = OptionsBinder.Settings.Defaults;
        string? optionError = OptionsBinder.TryBind(spec.Config, ref settings);
        if (optionError is not null) throw new ScenarioRunException(optionError);
        var stores = spec.Stores.Select(store => StoreConfigOf(spec, store, settings)).ToArray();

        sink.WriteHeader(new TraceHeader(TraceHeader.CurrentFormatVersion, spec.Name, spec.Seed, spec.Defects, OptionsBinder.Describe(settings))
        {
            ScenarioPath = scenarioPath,
        });
        var trace = new TraceObserver(sink);
        var config = new WorldConfig
        {
            Servers = spec.Servers,
            Stores = stores,
            Seed = spec.Seed,
            Options = settings.Options,
            PushStrategy = settings.Strategy,
            Defects = spec.Defects,
            MaxSteps = spec.MaxSteps,
            WrapStorage = spec.WrapStorage,
            CreateStorage = spec.CreateStorage,
            FileLog = spec.FileLog,
        };
        // A trace nobody reads (a Coyote iteration's) is not even formatted: the observer stays out of the fanout.
        var world = Assemble(config, sink is DiscardingTraceSink ? null : trace);
        trace.Attach(world.Context);
        world.Invariants.ViolationRecorded += v => trace.Write("violation", $"{v.Invariant}: {v.Message}", "invariants");
        UserInvariants.Attach(world, spec);
        long faultsUntilMs = checked((long)spec.FaultsUntil.TotalMilliseconds);
        foreach (var fault in spec.Faults) world.Faults.Schedule(fault);
        var random = new RandomFaultSpec(spec.RandomFaults.Crashes, spec.RandomFaults.SessionExpiries,
            spec.RandomFaults.Pauses, spec.RandomFaults.Isolations, spec.RandomFaults.Placement, spec.RandomFaults.AimAt);
        if (faultChoices is null) world.Faults.ScheduleRandom(random, faultsUntilMs);
        else world.Faults.ScheduleRandom(random, faultsUntilMs, faultChoices);
        if (spec.Faults.Count > 0 || spec.RandomFaults.Any) world.Faults.ScheduleHeal(faultsUntilMs);
        return (world, trace);
    }

    /// <summary>A world with the standard invariants and fault injector attached (the one way the harness makes worlds).</summary>
    internal static SimWorld Assemble(WorldConfig config, Venice.Core.Observability.IWritePathObserver? traceObserver = null) =>
        new(config, traceObserver, StandardAttachments.For);

    /// <summary>One store of the spec, its settings resolved against the world's config and its workloads checked.</summary>
    private static WorldStoreConfig StoreConfigOf(WorldSpec spec, StoreDefinition store, OptionsBinder.Settings settings)
    {
        if (spec.Stores.Count == 0) throw new ArgumentException("the world has no store; add one with WithStore", nameof(spec));
        if (store.ReplicationFactor > spec.Servers)
            throw new ArgumentException($"store {store.Name}: replicationFactor {store.ReplicationFactor} exceeds the {spec.Servers} servers", nameof(spec));
        var pushes = spec.Pushes.TryGetValue(store.Name, out var list) ? list : [];
        var push = pushes.Count >= 1 ? pushes[0] : Workload.Puts(0, 1, 0);
        foreach (var workload in pushes) RefuseUpdates(store.Name, workload);
        spec.PushStarts.TryGetValue(store.Name, out var starts);
        var later = pushes.Skip(1).Select((workload, i) => new WorldPushConfig(workload,
            starts is not null && i + 1 < starts.Count && starts[i + 1] is { } at ? checked((long)at.TotalMilliseconds) : null)).ToArray();
        spec.RealTime.TryGetValue(store.Name, out var realtime);
        bool hybrid = store.Kind == StoreKind.Hybrid;
        // A later version's reference takes the real-time writes as last-writer-wins puts and deletes; a partial
        // update's result depends on the batch value underneath, which differs per version, so it is not modelled.
        if (hybrid && later.Length > 0 && realtime is Workload { Mix.Updates: > 0 })
            throw new ArgumentException($"store {store.Name}: real-time UPDATEs are not modelled for a store with several pushes", nameof(spec));
        return new WorldStoreConfig
        {
            Name = store.Name,
            Partitions = store.Partitions,
            ReplicationFactor = store.ReplicationFactor,
            Hybrid = hybrid,
            PushStrategy = store.PushStrategy ?? settings.Strategy,
            OffsetLagThresholdToGoOnline = store.OffsetLagThresholdToGoOnline ?? settings.OffsetLagThresholdToGoOnline,
            RewindTimeMs = store.RewindTime is { } rewind ? checked((long)rewind.TotalMilliseconds) : settings.RewindTimeMs,
            Push = push,
            LaterPushes = later,
            VersionsToPreserve = store.VersionsToPreserve,
            // A hybrid store always has its nearline producer, writing nothing when the spec gives it no records.
            RealTime = hybrid ? realtime ?? Workload.RealTime(0, 1, 0, 1) : null,
        };
    }

    private static void RefuseUpdates(string store, IWorkload workload)
    {
        if (workload is Workload { Mix.Updates: > 0 })
            throw new ArgumentException($"store {store}: {Workload.UpdateIsRealTimeOnly}", nameof(workload));
    }
}
