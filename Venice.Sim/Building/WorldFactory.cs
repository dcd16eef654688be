using Venice.Sim.Faults;
using Venice.Sim.Running;
using Venice.Sim.Tracing;
using Venice.Sim.World;

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
        if (spec.Stores.Count != 1) throw new ScenarioRunException($"the world has {spec.Stores.Count} stores; this build of the model runs exactly one");
        var store = spec.Stores[0];
        if (store.ReplicationFactor > spec.Servers)
            throw new ArgumentException($"store {store.Name}: replicationFactor {store.ReplicationFactor} exceeds the {spec.Servers} servers", nameof(spec));
        var push = spec.Pushes.TryGetValue(store.Name, out var pushes) && pushes.Count > 0 ? pushes[0] : Workload.Puts(0, 1, 0);
        if (push is not Workload pushWorkload) throw new ScenarioRunException("this build of the model runs the built-in Workload only");
        spec.RealTime.TryGetValue(store.Name, out var realtime);
        var rt = realtime as Workload;

        sink.WriteHeader(new TraceHeader(TraceHeader.CurrentFormatVersion, spec.Name, spec.Seed, spec.Defects, OptionsBinder.Describe(settings))
        {
            ScenarioPath = scenarioPath,
        });
        var trace = new TraceObserver(sink);
        var config = new WorldConfig
        {
            Servers = spec.Servers,
            Partitions = store.Partitions,
            ReplicationFactor = store.ReplicationFactor,
            StoreName = store.Name,
            PushRecords = checked((int)pushWorkload.Records),
            PushKeys = pushWorkload.Keys,
            ValueBytes = pushWorkload.ValueSize.MaxBytes,
            Hybrid = store.Kind == StoreKind.Hybrid,
            RealtimeRecords = rt is null ? 0 : checked((int)rt.Records),
            RealtimeRatePerSecond = rt?.RatePerSecond ?? 1,
            RealtimeKeys = rt?.Keys ?? 1,
            RealtimeValueBytes = rt?.ValueSize.MaxBytes ?? 0,
            Seed = spec.Seed,
            Options = settings.Options,
            PushStrategy = store.PushStrategy ?? settings.Strategy,
            OffsetLagThresholdToGoOnline = store.OffsetLagThresholdToGoOnline ?? settings.OffsetLagThresholdToGoOnline,
            RewindTimeMs = store.RewindTime is { } rewind ? checked((long)rewind.TotalMilliseconds) : settings.RewindTimeMs,
            Defects = spec.Defects,
            MaxSteps = spec.MaxSteps,
            WrapStorage = spec.WrapStorage,
        };
        var world = new SimWorld(config, trace);
        trace.Attach(world.Context);
        world.Invariants.ViolationRecorded += v => trace.Write("violation", $"{v.Invariant}: {v.Message}", "invariants");
        long faultsUntilMs = checked((long)spec.FaultsUntil.TotalMilliseconds);
        foreach (var fault in spec.Faults) world.Faults.Schedule(fault);
        var random = new Venice.Sim.Scenarios.RandomFaultSpec(spec.RandomFaults.Crashes, spec.RandomFaults.SessionExpiries,
            spec.RandomFaults.Pauses, spec.RandomFaults.Isolations);
        if (faultChoices is null) world.Faults.ScheduleRandom(random, faultsUntilMs);
        else world.Faults.ScheduleRandom(random, faultsUntilMs, faultChoices);
        if (spec.Faults.Count > 0 || spec.RandomFaults.Any) world.Faults.ScheduleHeal(faultsUntilMs);
        return (world, trace);
    }
}
