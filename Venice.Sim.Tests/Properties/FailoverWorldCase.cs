using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Ingestion;
using Venice.Sim.Scenarios;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Properties;

/// <summary>One fault of a generated failover: what happens to which server, when, and for how long.</summary>
public sealed record GeneratedFault(FaultKind Kind, int Server, long AtMs, long DurationMs)
{
    /// <summary>The fault as the injector takes it; a crash comes back after its duration.</summary>
    public IEnumerable<Fault> ToFaults()
    {
        var at = TimeSpan.FromMilliseconds(AtMs);
        var duration = TimeSpan.FromMilliseconds(DurationMs);
        switch (Kind)
        {
            case FaultKind.Crash:
                yield return Fault.Crash(Server).At(at);
                yield return Fault.Restart(Server).At(at + duration);
                break;
            case FaultKind.ExpireSession:
                yield return Fault.ExpireSession(Server).At(at);
                break;
            case FaultKind.Pause:
                yield return Fault.Pause(Server, duration).At(at);
                break;
            default:
                yield return Fault.Isolate(Server, duration).At(at);
                break;
        }
    }

    public override string ToString() => $"{Kind} server-{Server} at {AtMs} ms for {DurationMs} ms";
}

/// <summary>
/// A small hybrid world and the faults it meets (crashes, session expiries, pauses, isolations inside
/// Venice's timing assumptions): what the failover properties generate and shrink.
/// </summary>
public sealed record FailoverWorldCase(int Servers, int Partitions, int PushRecords, int RealtimeRecords, long Seed, GeneratedFault[] Faults)
{
    /// <summary>Faults land within this window: the push, TOPIC_SWITCH and the leaders' RT replay.</summary>
    public const long FaultWindowMs = 400_000;

    public WorldConfig ToConfig(IReadOnlyList<string>? defects = null) => new()
    {
        Servers = Servers,
        Partitions = Partitions,
        ReplicationFactor = Math.Min(3, Servers),
        PushRecords = PushRecords,
        PushKeys = Math.Max(1, PushRecords / 2),
        ValueBytes = 8,
        Hybrid = true,
        RealtimeRecords = RealtimeRecords,
        RealtimeRatePerSecond = 5,
        RealtimeKeys = Math.Max(1, RealtimeRecords / 2),
        RealtimeValueBytes = 8,
        Seed = Seed,
        Options = IngestionOptions.Defaults with { PollBatchRecords = 7, PushBatchRecords = 5 },
        Defects = defects ?? [],
        MaxSteps = 400_000,
    };

    public override string ToString() =>
        $"servers={Servers} partitions={Partitions} push={PushRecords} realtime={RealtimeRecords} seed={Seed} faults=[{string.Join("; ", Faults.Select(f => f.ToString()))}]";
}

public static class FailoverWorldArbitraries
{
    private static readonly FaultKind[] Kinds = [FaultKind.Crash, FaultKind.ExpireSession, FaultKind.Pause, FaultKind.Isolate];

    private static Gen<GeneratedFault> FaultFor(int servers) =>
        from kind in Gen.Elements(Kinds)
        from server in Gen.Choose(0, servers - 1)
        from at in Gen.Choose(0, (int)(FailoverWorldCase.FaultWindowMs / 1000))
        from duration in Gen.Choose(1, 20)
        select new GeneratedFault(kind, server, at * 1000L, duration * 1000L);

    public static Gen<FailoverWorldCase> Generator =>
        from servers in Gen.Choose(2, 4)
        from partitions in Gen.Choose(1, 3)
        from push in Gen.Choose(1, 60)
        from realtime in Gen.Choose(1, 2_000)
        from seed in Gen.Choose(0, 10_000)
        from faults in Gen.ArrayOf(FaultFor(servers)).Select(a => a.Take(4).ToArray())
        select new FailoverWorldCase(servers, partitions, push, realtime, seed, faults);

    /// <summary>Shrinks toward fewer faults, then fewer servers, partitions and records.</summary>
    public static IEnumerable<FailoverWorldCase> Shrink(FailoverWorldCase c)
    {
        for (int i = 0; i < c.Faults.Length; i++)
        {
            yield return c with { Faults = [.. c.Faults[..i], .. c.Faults[(i + 1)..]] };
        }
        if (c.Servers > 2 && c.Faults.All(f => f.Server < c.Servers - 1)) yield return c with { Servers = c.Servers - 1 };
        if (c.Partitions > 1) yield return c with { Partitions = c.Partitions - 1 };
        if (c.PushRecords > 1) yield return c with { PushRecords = c.PushRecords / 2 };
        if (c.RealtimeRecords > 1) yield return c with { RealtimeRecords = c.RealtimeRecords / 2 };
    }

    public static Arbitrary<FailoverWorldCase> FailoverWorld() => Arb.From(Generator, Shrink);
}
