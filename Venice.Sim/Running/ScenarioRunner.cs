using Venice.Sim.Drivers;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using Venice.Sim.World;

namespace Venice.Sim.Running;

/// <summary>
/// Runs one scenario with one seed on the in-memory world with the seeded scheduler, writes the trace,
/// and compares what happened with the scenario's expectations.
/// </summary>
public sealed class ScenarioRunner : IScenarioRunner
{
    public RunResult Run(Scenario scenario, RunRequest request)
    {
        var settings = OptionsBinder.Settings.Defaults;
        string? optionError = OptionsBinder.TryBind(scenario.Config, ref settings);
        if (optionError is not null) throw new ScenarioRunException(optionError);

        request.Trace.WriteHeader(TraceHeaders.For(scenario, request.Seed, request.Defects, OptionsBinder.Describe(settings)));
        var trace = new TraceObserver(request.Trace);
        var config = new WorldConfig
        {
            Servers = scenario.Cluster.Servers,
            Partitions = scenario.Cluster.Partitions,
            ReplicationFactor = scenario.Cluster.ReplicationFactor,
            StoreName = scenario.Store.Name,
            PushRecords = scenario.Store.Push.Records,
            PushKeys = scenario.Store.Push.Keys,
            ValueBytes = scenario.Store.Push.ValueBytes,
            Hybrid = scenario.Store.Kind == StoreKind.Hybrid,
            RealtimeRecords = scenario.Store.Realtime?.Records ?? 0,
            RealtimeRatePerSecond = scenario.Store.Realtime?.RatePerSecond ?? 1,
            RealtimeKeys = scenario.Store.Realtime?.Keys ?? 1,
            RealtimeValueBytes = scenario.Store.Realtime?.ValueBytes ?? 0,
            Seed = request.Seed,
            Options = settings.Options,
            PushStrategy = settings.Strategy,
            OffsetLagThresholdToGoOnline = settings.OffsetLagThresholdToGoOnline,
            RewindTimeMs = settings.RewindTimeMs,
            Defects = request.Defects,
        };
        var world = new SimWorld(config, trace);
        trace.Attach(world.Context);
        world.Invariants.ViolationRecorded += v => trace.Write("violation", $"{v.Invariant}: {v.Message}", "invariants");
        foreach (var fault in scenario.Faults) world.Faults.Schedule(fault);
        world.Faults.ScheduleRandom(scenario.Random, scenario.Phases.FaultsUntilMs);
        if (scenario.Faults.Count > 0 || scenario.Random.Any) world.Faults.ScheduleHeal(scenario.Phases.FaultsUntilMs);
        var scheduler = new SeededScheduler(world.Random.Fork("scheduler"));
        var outcome = WorldRun.ToEnd(world, scheduler, scenario.Phases.FaultsUntilMs + scenario.Phases.SettleWithinMs);
        trace.Write("end", $"{outcome} version={world.VersionStatus}", "world");
        return Judge(scenario, request, world);
    }

    private static RunResult Judge(Scenario scenario, RunRequest request, SimWorld world)
    {
        var failures = new List<string>();
        string versionStatus = world.VersionStatus.ToString();
        if (!string.Equals(versionStatus, scenario.Expect.VersionStatus, StringComparison.Ordinal))
        {
            failures.Add($"expected version status {scenario.Expect.VersionStatus}, got {versionStatus}");
        }
        var fired = world.Invariants.FiredInvariants;
        foreach (var expected in scenario.Expect.Violations.Where(e => !fired.Contains(e)))
        {
            failures.Add($"expected a violation of {expected}, none was detected");
        }
        foreach (var unexpected in fired.Where(f => !scenario.Expect.Violations.Contains(f)))
        {
            failures.Add($"unexpected violation of {unexpected}");
        }
        return new RunResult(scenario.Name, request.Seed, request.Defects,
            failures.Count == 0 ? RunOutcome.Passed : RunOutcome.Failed, versionStatus,
            world.Invariants.Violations, failures, world.Context.Step, world.Clock.NowMs, TraceSha256: "");
    }
}

/// <summary>A scenario the engine refuses to run (a bad option value): the CLI exits 2.</summary>
public sealed class ScenarioRunException(string message) : Exception(message);
