using Venice.Sim.Drivers;
using Venice.Sim.Faults;
using Venice.Sim.Running;
using Venice.Sim.Tracing;
using Venice.Sim.World;
using Venice.Sim.Model;

namespace Venice.Sim;

/// <summary>Passes every trace line to two sinks: the world's own hashing writer and the caller's.</summary>
internal sealed class TeeTraceSink(ITraceSink first, ITraceSink second) : ITraceSink
{
    public void WriteHeader(TraceHeader header)
    {
        first.WriteHeader(header);
        second.WriteHeader(header);
    }

    public void Write(TraceEvent traceEvent)
    {
        first.Write(traceEvent);
        second.Write(traceEvent);
    }
}

/// <summary>Drops every trace line: a Coyote exploration's iterations, whose traces nobody reads (the failing one is replayed traced).</summary>
internal sealed class DiscardingTraceSink : ITraceSink
{
    public static readonly DiscardingTraceSink Instance = new();

    public void WriteHeader(TraceHeader header) { }

    public void Write(TraceEvent traceEvent) { }
}

/// <summary>A world built from a spec, with what running and judging it needs (no hash when built untraced).</summary>
internal sealed record BuiltWorldState(WorldSpec Spec, TraceObserver Trace, JsonLinesTraceWriter? Hash, RecordingTraceSink? Recording)
{
    /// <summary>Made on the first (partial or whole) run and kept, so a run continued after RunFor/RunUntil takes the same choices as one run straight through.</summary>
    public IScheduler? Scheduler { get; set; }

    /// <summary>The end of the settle phase.</summary>
    public long EndMs => checked((long)(Spec.FaultsUntil + Spec.SettleWithin).TotalMilliseconds);
}

/// <summary>The scheduler a world's spec asks for: its explicit schedule, or the seeded scheduler when it has none.</summary>
internal static class Schedulers
{
    public static IScheduler For(SimWorld world, IReadOnlyList<ScheduleDecision>? schedule) =>
        schedule is null ? new SeededScheduler(world.Random.Fork("scheduler")) : new DecisionScheduler(world.Actors, schedule);
}

/// <summary>Building and running worlds made in code.</summary>
public static class WorldRuns
{
    /// <summary>Builds the world; its trace (always hashed, so the result carries its SHA-256) also goes to <paramref name="trace"/> when given.</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent (e.g. a replication factor above the servers, a fault at a server that does not exist).</exception>
    public static SimWorld Build(this WorldBuilder builder, ITraceSink? trace = null) => Build(builder.Spec, trace, null);

    /// <param name="scenarioPath">The scenario file the spec came from, for the trace header ("" for a world made in code).</param>
    /// <param name="hashTrace">False for a Coyote exploration's iteration: its trace is neither hashed nor kept (its result has no TraceSha256).</param>
    internal static SimWorld Build(WorldSpec spec, ITraceSink? trace, IFaultChoices? faultChoices, string scenarioPath = "", bool hashTrace = true)
    {
        var hash = hashTrace ? new JsonLinesTraceWriter() : null;
        ITraceSink sink = (hash, trace) switch
        {
            (null, null) => DiscardingTraceSink.Instance,
            (null, { } only) => only,
            ({ } hashing, null) => hashing,
            ({ } hashing, { } both) => new TeeTraceSink(hashing, both),
        };
        var recording = spec.RecordTrace ? new RecordingTraceSink() : null;
        if (recording is not null) sink = new TeeTraceSink(sink, recording);
        try
        {
            var (world, observer) = WorldFactory.Build(spec, sink, scenarioPath, faultChoices);
            world.AddPart(new BuiltWorldState(spec, observer, hash, recording));
            return world;
        }
        catch (ScenarioRunException e)
        {
            throw new ArgumentException(e.Message, nameof(spec), e);
        }
    }

    /// <summary>Runs a world built by <see cref="Build(WorldBuilder, ITraceSink?)"/> (perhaps partly run by RunFor or RunUntil) to its end with the seeded scheduler and judges it against the spec's expectation.</summary>
    public static RunResult Run(this SimWorld world)
    {
        var built = world.Part<BuiltWorldState>() ?? throw new InvalidOperationException("this world was not built by WorldBuilder.Build");
        var scheduler = built.Scheduler ??= Schedulers.For(world, built.Spec.Schedule);
        var outcome = WorldRun.ToEnd(world, scheduler, built.EndMs);
        return Ended(world, outcome);
    }

    /// <summary>The end of the settle phase: a world not quiescent by then fails the liveness checks.</summary>
    internal static long EndMs(WorldSpec spec) => checked((long)(spec.FaultsUntil + spec.SettleWithin).TotalMilliseconds);

    /// <summary>
    /// Writes the end line and judges a built world that ran to its end (end-state checks made), whoever
    /// drove it: the seeded scheduler here, Coyote in <see cref="CoyoteTesting"/>.
    /// </summary>
    internal static RunResult Ended(SimWorld world, LoopOutcome outcome)
    {
        var built = world.Part<BuiltWorldState>() ?? throw new InvalidOperationException("this world was not built by WorldBuilder.Build");
        built.Trace.Write("end", $"{outcome} version={world.DescribeVersionStatus()}", "world");
        var result = WorldJudge.Judge(world, built.Spec.Name, built.Spec.Seed, built.Spec.Defects,
            built.Spec.Expect.VersionStatus.ToString(), built.Spec.Expect.Violations);
        return result.WithFaults(world.Faults.Outcomes) with
        {
            TraceSha256 = built.Hash?.Sha256Hex ?? "",
            TraceEvents = built.Recording?.Events.ToArray() ?? [],
        };
    }

    /// <summary>The world, read-only, as user invariants see it.</summary>
    public static IWorldView View(this SimWorld world) =>
        new WorldView(world, world.Part<BuiltWorldState>()?.Spec.Stores ?? world.Stores.Select(s => new StoreDefinition(s.Name)
        {
            Kind = s.Setup.Hybrid ? StoreKind.Hybrid : StoreKind.Batch,
            Partitions = s.Setup.Partitions,
            ReplicationFactor = s.Setup.ReplicationFactor,
            PushStrategy = s.Setup.PushStrategy,
            RewindTime = TimeSpan.FromMilliseconds(s.Setup.RewindTimeMs),
            OffsetLagThresholdToGoOnline = s.Setup.OffsetLagThresholdToGoOnline,
        }).ToArray());
}
