using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Venice.Sim;
using Venice.Sim.Coyote;
using Venice.Sim.Model;

namespace Venice.Bench;

/// <summary>
/// How fast Coyote explores the small-hybrid-failover world (3 servers, a 2-partition hybrid store, a
/// crash, two session expiries and a pause placed by Coyote), beside the seeded loop running the same
/// world: one operation is <see cref="Iterations"/> Coyote iterations, or as many seeded runs. The custom
/// columns give iterations (runs) per second and actor steps per second; the steps an operation takes are
/// counted once in the host process (every run is deterministic), then divided by the measured mean.
/// </summary>
[Config(typeof(Columns))]
public class CoyoteThroughput
{
    /// <summary>Coyote iterations (or seeded runs) per benchmark operation.</summary>
    public const int Iterations = 20;

    /// <summary>scenarios/fast/small-hybrid-failover.yaml, built in code so the benchmark needs no file.</summary>
    public static WorldBuilder SmallHybridFailover() =>
        WorldBuilder.Create(1).WithName("small-hybrid-failover").WithServers(3)
            .WithStore(StoreDefinition.Hybrid("carts", partitions: 2, replicationFactor: 3))
            .WithPush("carts", Workload.Puts(records: 200, keys: 100, valueBytes: 16))
            .WithRealtime("carts", Workload.RealTime(records: 900, keys: 900, valueBytes: 16, ratePerSecond: 2))
            .WithConfig("poll.batch.records", "5")
            .WithRandomFaults(new RandomFaults(Crashes: 1, SessionExpiries: 2, Pauses: 1))
            .WithPhases(faultsUntil: TimeSpan.FromSeconds(420), settleWithin: TimeSpan.FromSeconds(900));

    private static readonly WorldBuilder World = SmallHybridFailover();

    /// <summary>Coyote's portfolio over <see cref="Iterations"/> iterations; returns the steps taken.</summary>
    [Benchmark]
    public long CoyotePortfolio() => Explore(World);

    /// <summary>The seeded loop: the same world with <see cref="Iterations"/> seeds; returns the steps taken.</summary>
    [Benchmark(Baseline = true)]
    public long SeededLoop() => Seeded(World);

    internal static long Explore(WorldBuilder world)
    {
        var result = CoyoteTesting.Explore(world, new CoyoteOptions(Iterations, ExploreStrategy.Portfolio, Seed: 1));
        if (result.BugFound) throw new InvalidOperationException($"the healthy world failed under Coyote: {result.Bug}");
        return result.Steps;
    }

    internal static long Seeded(WorldBuilder world)
    {
        long steps = 0;
        for (int seed = 1; seed <= Iterations; seed++) steps += world.WithSeed(seed).Build().Run().Steps;
        return steps;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new ThroughputColumn(perSecondOfSteps: false), new ThroughputColumn(perSecondOfSteps: true));
    }

    /// <summary>Iterations/s or steps/s, from the run's Mean and the operation's (deterministic) step count.</summary>
    private sealed class ThroughputColumn(bool perSecondOfSteps) : IColumn
    {
        private static readonly Dictionary<string, long> StepsPerOperation = new(StringComparer.Ordinal);

        public string Id => nameof(ThroughputColumn) + (perSecondOfSteps ? "Steps" : "Iterations");

        public string ColumnName => perSecondOfSteps ? "steps/s" : "iterations/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => perSecondOfSteps ? 1 : 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => perSecondOfSteps
            ? "Actor steps per second (the operation's step count, counted once, over the Mean)"
            : $"Coyote iterations (or seeded runs) per second: {Iterations} per operation over the Mean";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (summary[benchmarkCase]?.ResultStatistics is not { } statistics) return "NA";
            double seconds = statistics.Mean / 1e9;
            if (!perSecondOfSteps) return (Iterations / seconds).ToString("F1");
            string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
            if (!StepsPerOperation.TryGetValue(method, out long steps))
            {
                steps = method == nameof(CoyotePortfolio) ? Explore(World) : Seeded(World);
                StepsPerOperation[method] = steps;
            }
            return (steps / seconds).ToString("N0");
        }
    }
}
