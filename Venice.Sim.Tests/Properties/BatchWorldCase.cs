using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Ingestion;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Properties;

/// <summary>
/// A small batch-push world plus the schedule to run it with: what FsCheck generates and shrinks.
/// Schedule entries pick among the enabled actors at each step (ExplicitScheduler).
/// </summary>
public sealed record BatchWorldCase(int Servers, int Partitions, int ReplicationFactor, int Records, int Keys, long Seed, int[] Schedule)
{
    public WorldConfig ToConfig() => new()
    {
        Servers = Servers,
        Partitions = Partitions,
        ReplicationFactor = ReplicationFactor,
        PushRecords = Records,
        PushKeys = Keys,
        ValueBytes = 8,
        Seed = Seed,
        Options = IngestionOptions.Defaults with { PollBatchRecords = 7, PushBatchRecords = 5 },
        MaxSteps = 100_000,
    };

    public override string ToString() =>
        $"servers={Servers} partitions={Partitions} rf={ReplicationFactor} records={Records} keys={Keys} seed={Seed} schedule=[{string.Join(",", Schedule)}]";
}

public static class BatchWorldArbitraries
{
    public static Gen<BatchWorldCase> Generator =>
        from servers in Gen.Choose(1, 4)
        from partitions in Gen.Choose(1, 4)
        from rf in Gen.Choose(1, servers)
        from records in Gen.Choose(0, 120)
        from keys in Gen.Choose(1, 40)
        from seed in Gen.Choose(0, 10_000)
        from schedule in Gen.ArrayOf(Gen.Choose(0, 7))
        select new BatchWorldCase(servers, partitions, rf, records, keys, seed, schedule);

    /// <summary>Shrinks toward fewer servers, partitions, records and keys, and a shorter schedule.</summary>
    public static IEnumerable<BatchWorldCase> Shrink(BatchWorldCase c)
    {
        if (c.Records > 0) yield return c with { Records = c.Records / 2 };
        if (c.Records > 0) yield return c with { Records = c.Records - 1 };
        if (c.Servers > 1) yield return c with { Servers = c.Servers - 1, ReplicationFactor = Math.Min(c.ReplicationFactor, c.Servers - 1) };
        if (c.ReplicationFactor > 1) yield return c with { ReplicationFactor = c.ReplicationFactor - 1 };
        if (c.Partitions > 1) yield return c with { Partitions = c.Partitions - 1 };
        if (c.Keys > 1) yield return c with { Keys = c.Keys / 2 == 0 ? 1 : c.Keys / 2 };
        if (c.Schedule.Length > 0) yield return c with { Schedule = c.Schedule[..(c.Schedule.Length / 2)] };
        if (c.Schedule.Length > 0) yield return c with { Schedule = c.Schedule[1..] };
        if (c.Seed != 0) yield return c with { Seed = 0 };
    }

    public static Arbitrary<BatchWorldCase> BatchWorld() => Arb.From(Generator, Shrink);
}
