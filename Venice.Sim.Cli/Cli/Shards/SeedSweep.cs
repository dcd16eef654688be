using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Venice.Sim.Reports;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>What one seed of a sweep produced: the run's result (its trace hash the writer's) and its wall time.</summary>
internal sealed record SeedRun(long Seed, RunResult Result, TimeSpan Elapsed);

/// <summary>A sweep's runs in seed order, the event counts summed over them, and its wall time and parallelism.</summary>
internal sealed record SweepOutcome(IReadOnlyList<SeedRun> Runs, IReadOnlyDictionary<string, long> Coverage, TimeSpan Elapsed, int Workers)
{
    public static SweepOutcome Empty { get; } = new([], new SortedDictionary<string, long>(StringComparer.Ordinal), TimeSpan.Zero, 0);
}

/// <summary>How far a sweep has got, for the progress line.</summary>
internal readonly record struct SweepProgress(long Done, long Failed, long Total, TimeSpan Elapsed);

/// <summary>
/// Runs one scenario over a range of seeds on every core: the one place in venice-sim that starts
/// threads. Determinism per seed still holds (docs/sharding.md#determinism): each seed's run
/// builds its own world from (scenario, seed, defects) on one thread, from start to end, with its own
/// seeded random source, clock, scheduler and trace writer; worlds share no mutable state (Core and
/// Sim hold none in statics, and ban threads, the wall clock and System.Random, so nothing inside a
/// run can see which thread or when it runs). Threads only decide which seed runs when, and
/// results are put back in seed order, so the output is the same for any --jobs.
/// </summary>
internal static class SeedSweep
{
    /// <summary>Runs every seed of <paramref name="seeds"/>; <paramref name="progress"/> is called on this thread about every <paramref name="progressEvery"/>.</summary>
    /// <exception cref="CliUsageException">The engine refused the scenario (<see cref="ScenarioRunException"/>).</exception>
    /// <remarks>Any other exception of a run stops the sweep and is rethrown here; <paramref name="failedSeed"/> then names the seed.</remarks>
    public static SweepOutcome Run(
        Scenario scenario,
        IReadOnlyList<string> defects,
        SeedRange seeds,
        int jobs,
        Func<IScenarioRunner> runnerFactory,
        TimeSpan progressEvery,
        Action<SweepProgress> progress,
        Action<long> failedSeed)
    {
        if (seeds.Count > int.MaxValue) throw new CliUsageException($"--seeds {seeds}: more than {int.MaxValue} seeds in one process; split the range with --shard K/N");
        int total = (int)seeds.Count;
        var runs = new SeedRun?[total];
        var work = new SweepWork(total);
        int workers = Math.Clamp(jobs, 1, total);
        var coverages = new SortedDictionary<string, long>[workers];
        var threads = new Thread[workers];

        // Wall time is measured for runs/s and the ETA only; it never reaches a run.
        var clock = Stopwatch.StartNew();
        for (int w = 0; w < workers; w++)
        {
            var coverage = coverages[w] = new SortedDictionary<string, long>(StringComparer.Ordinal);
#pragma warning disable RS0030 // the banned Thread constructor: independent worlds, one per thread at a time; see the class summary
            threads[w] = new Thread(() => Work(scenario, defects, seeds.First, runs, work, coverage, runnerFactory))
#pragma warning restore RS0030
            {
                IsBackground = true,
                Name = $"venice-sim sweep {w}",
            };
            threads[w].Start();
        }

        foreach (var thread in threads)
        {
            while (!thread.Join(progressEvery))
            {
                progress(new SweepProgress(work.Done, work.Failed, total, clock.Elapsed));
            }
        }

        clock.Stop();
        if (work.Error is { } error)
        {
            failedSeed(error.Seed);
            if (error.Exception is ScenarioRunException refused) throw new CliUsageException(refused.Message);
            ExceptionDispatchInfo.Capture(error.Exception).Throw();
        }

        progress(new SweepProgress(work.Done, work.Failed, total, clock.Elapsed));
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var coverage in coverages)
        {
            foreach (var (name, count) in coverage) merged[name] = merged.GetValueOrDefault(name) + count;
        }

        return new SweepOutcome(runs.Select(run => run!).ToArray(), merged, clock.Elapsed, workers);
    }

    private static void Work(
        Scenario scenario,
        IReadOnlyList<string> defects,
        long firstSeed,
        SeedRun?[] runs,
        SweepWork work,
        SortedDictionary<string, long> coverage,
        Func<IScenarioRunner> runnerFactory)
    {
        while (work.TryTake(out int index))
        {
            long seed = firstSeed + index;
            try
            {
                var runner = runnerFactory();
                using var writer = new JsonLinesTraceWriter(); // hash only, exactly as `run --seed S` computes it
                var sink = new ScenarioPathStampingSink(writer, scenario.SourcePath);
                // The coverage catalog of the report and `--coverage` (docs/report.md#coverage), counted per seed.
                var recorder = new CoverageRecorder();
                var clock = Stopwatch.StartNew(); // wall time of this seed, for the JUnit case only
                var result = runner.Run(scenario, new RunRequest(seed, defects, new TraceTee(sink, recorder)));
                clock.Stop();
                if (!sink.HeaderWritten) throw new InvalidOperationException("the scenario runner wrote no trace header");
                foreach (var (name, count) in recorder.Counts.Reached) coverage[name] = coverage.GetValueOrDefault(name) + count;
                bool passed = result.Outcome == RunOutcome.Passed;
                runs[index] = new SeedRun(seed, (passed ? Slim(result) : result) with { TraceSha256 = writer.Sha256Hex }, clock.Elapsed);
                work.Finished(!passed);
            }
            catch (Exception exception)
            {
                work.Stop(seed, exception);
                return;
            }
        }
    }

    /// <summary>
    /// A passing run as a sweep keeps it: outcome, hash, steps, sim time and version status are all
    /// that is reported of it, so a shard of a hundred thousand seeds does not hold every run's
    /// (expected) violations and fault fates until the end.
    /// </summary>
    private static RunResult Slim(RunResult passed) =>
        passed with { Violations = [], ExpectationFailures = [], FiredFaults = [], UnfiredFaults = [], VersionStatuses = [], TraceEvents = [] };

    /// <summary>The shared counters: the next seed to take, how many finished, and the first error (which stops everyone).</summary>
    private sealed class SweepWork(int total)
    {
        private readonly Lock gate = new();
        private int next = -1;
        private long done;
        private long failed;
        private volatile bool stopped;

        public long Done => Interlocked.Read(ref done);

        public long Failed => Interlocked.Read(ref failed);

        public (long Seed, Exception Exception)? Error { get; private set; }

        public bool TryTake(out int index)
        {
            index = Interlocked.Increment(ref next);
            return !stopped && index < total;
        }

        public void Finished(bool runFailed)
        {
            if (runFailed) Interlocked.Increment(ref failed);
            Interlocked.Increment(ref done);
        }

        /// <summary>Keeps the error of the lowest seed, so which one is reported does not depend on thread timing more than it must.</summary>
        public void Stop(long seed, Exception exception)
        {
            lock (gate)
            {
                if (Error is null || seed < Error.Value.Seed) Error = (seed, exception);
                stopped = true;
            }
        }
    }
}
