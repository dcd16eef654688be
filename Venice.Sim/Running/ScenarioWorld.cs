using Venice.Sim.Faults;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using Venice.Sim.World;

namespace Venice.Sim.Running;

/// <summary>
/// A scenario turned into a world ready to run: the options bound, the trace header written, the
/// scenario's explicit faults scheduled, its `random:` faults placed and the heal at the end of the
/// fault phase scheduled. Every driver (the seeded `venice-sim run`, the Coyote driver in the tests)
/// builds its world here, so a scenario means the same world whoever drives it.
/// </summary>
public sealed class ScenarioWorld
{
    private ScenarioWorld(Scenario scenario, SimWorld world, TraceObserver trace)
    {
        Scenario = scenario;
        World = world;
        Trace = trace;
    }

    public Scenario Scenario { get; }

    public SimWorld World { get; }

    public TraceObserver Trace { get; }

    /// <summary>The end of the settle phase: a world not quiescent by then fails the liveness checks.</summary>
    public long EndMs => Scenario.Phases.FaultsUntilMs + Scenario.Phases.SettleWithinMs;

    /// <param name="faultChoices">
    /// Who places the `random:` faults; by default the world's seeded stream (fork "faults"), so the
    /// seed decides. The Coyote driver passes its controlled generator, so Coyote explores placements.
    /// </param>
    /// <exception cref="ScenarioRunException">An option value the engine refuses.</exception>
    public static ScenarioWorld Build(Scenario scenario, RunRequest request, IFaultChoices? faultChoices = null)
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
        if (faultChoices is null) world.Faults.ScheduleRandom(scenario.Random, scenario.Phases.FaultsUntilMs);
        else world.Faults.ScheduleRandom(scenario.Random, scenario.Phases.FaultsUntilMs, faultChoices);
        if (scenario.Faults.Count > 0 || scenario.Random.Any) world.Faults.ScheduleHeal(scenario.Phases.FaultsUntilMs);
        return new ScenarioWorld(scenario, world, trace);
    }

    /// <summary>Compares what happened with the scenario's `expect:`.</summary>
    public RunResult Judge(RunRequest request)
    {
        var failures = new List<string>();
        string versionStatus = World.VersionStatus.ToString();
        if (!string.Equals(versionStatus, Scenario.Expect.VersionStatus, StringComparison.Ordinal))
        {
            failures.Add($"expected version status {Scenario.Expect.VersionStatus}, got {versionStatus}");
        }
        var fired = World.Invariants.FiredInvariants;
        foreach (var expected in Scenario.Expect.Violations.Where(e => !fired.Contains(e)))
        {
            failures.Add($"expected a violation of {expected}, none was detected");
        }
        foreach (var unexpected in fired.Where(f => !Scenario.Expect.Violations.Contains(f)))
        {
            failures.Add($"unexpected violation of {unexpected}");
        }
        return new RunResult(Scenario.Name, request.Seed, request.Defects,
            failures.Count == 0 ? RunOutcome.Passed : RunOutcome.Failed, versionStatus,
            World.Invariants.Violations, failures, World.Context.Step, World.Clock.NowMs, TraceSha256: "");
    }
}
