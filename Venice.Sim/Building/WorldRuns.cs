using Venice.Sim.Drivers;
using Venice.Sim.Faults;
using Venice.Sim.Running;
using Venice.Sim.Tracing;
using Venice.Sim.World;

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

/// <summary>A world built from a spec, with what running and judging it needs.</summary>
internal sealed record BuiltWorldState(WorldSpec Spec, TraceObserver Trace, JsonLinesTraceWriter Hash, RecordingTraceSink? Recording);

/// <summary>Building and running worlds made in code.</summary>
public static class WorldRuns
{
    /// <summary>Builds the world; its trace (always hashed, so the result carries its SHA-256) also goes to <paramref name="trace"/> when given.</summary>
    /// <exception cref="ArgumentException">The spec is inconsistent (e.g. a replication factor above the servers, a fault at a server that does not exist).</exception>
    public static SimWorld Build(this WorldBuilder builder, ITraceSink? trace = null) => Build(builder.Spec, trace, null);

    internal static SimWorld Build(WorldSpec spec, ITraceSink? trace, IFaultChoices? faultChoices)
    {
        var hash = new JsonLinesTraceWriter();
        ITraceSink sink = trace is null ? hash : new TeeTraceSink(hash, trace);
        var recording = spec.RecordTrace ? new RecordingTraceSink() : null;
        if (recording is not null) sink = new TeeTraceSink(sink, recording);
        try
        {
            var (world, observer) = WorldFactory.Build(spec, sink, "", faultChoices);
            world.Built = new BuiltWorldState(spec, observer, hash, recording);
            return world;
        }
        catch (ScenarioRunException e)
        {
            throw new ArgumentException(e.Message, nameof(spec), e);
        }
    }

    /// <summary>Runs a world built by <see cref="Build(WorldBuilder, ITraceSink?)"/> to its end with the seeded scheduler and judges it against the spec's expectation.</summary>
    public static RunResult Run(this SimWorld world)
    {
        var built = world.Built ?? throw new InvalidOperationException("this world was not built by WorldBuilder.Build");
        var scheduler = new SeededScheduler(world.Random.Fork("scheduler"));
        long endMs = checked((long)(built.Spec.FaultsUntil + built.Spec.SettleWithin).TotalMilliseconds);
        var outcome = WorldRun.ToEnd(world, scheduler, endMs);
        built.Trace.Write("end", $"{outcome} version={world.DescribeVersionStatus()}", "world");
        var result = WorldJudge.Judge(world, built.Spec.Name, built.Spec.Seed, built.Spec.Defects,
            built.Spec.Expect.VersionStatus.ToString(), built.Spec.Expect.Violations);
        return result with { TraceSha256 = built.Hash.Sha256Hex, TraceEvents = built.Recording?.Events.ToArray() ?? [] };
    }

    /// <summary>The world, read-only, as user invariants see it.</summary>
    public static IWorldView View(this SimWorld world) =>
        new WorldView(world, world.Built?.Spec.Stores ?? world.Stores.Select(s => new StoreDefinition(s.Name)
        {
            Kind = s.Setup.Hybrid ? StoreKind.Hybrid : StoreKind.Batch,
            Partitions = s.Setup.Partitions,
            ReplicationFactor = s.Setup.ReplicationFactor,
            PushStrategy = s.Setup.PushStrategy,
            RewindTime = TimeSpan.FromMilliseconds(s.Setup.RewindTimeMs),
            OffsetLagThresholdToGoOnline = s.Setup.OffsetLagThresholdToGoOnline,
        }).ToArray());
}
