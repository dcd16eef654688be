using Venice.Sim.Model;

namespace Venice.Sim.Cli;

/// <summary>
/// The machine-readable results of one shard (<c>run --seeds A..B --results FILE</c>,
/// <c>explore --results FILE</c>) or of several merged (<c>merge</c>): the same shape either way, so a
/// merge's output can be merged again. docs/sharding.md lists every field.
/// </summary>
/// <param name="Verb"><c>run</c> (a seed sweep) or <c>explore</c>.</param>
/// <param name="ToolVersion">The venice-sim version that produced it; results of different versions are not merged.</param>
/// <param name="Parameters">What else pins the runs (explore: seed, strategy, max steps), sorted by key.</param>
/// <param name="Range">The whole range the shards split: seeds for run, iterations for explore.</param>
/// <param name="ShardCount">N of <c>--shard K/N</c>.</param>
/// <param name="Shards">The K of every shard these results hold, ascending.</param>
/// <param name="Slices">The blocks of <see cref="Range"/> those shards covered, ascending (an empty shard has none).</param>
/// <param name="Failures">Every failing seed or iteration, in seed (then iteration) order.</param>
/// <param name="Coverage">Event name to count, summed over the runs; null when the producer counted nothing.</param>
/// <param name="ElapsedMs">Wall time the shards spent, summed; for people, never compared.</param>
internal sealed record ShardResults(
    string Verb,
    string ToolVersion,
    ResultsScenario Scenario,
    IReadOnlyList<string> Defects,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    ResultsRange Range,
    int ShardCount,
    IReadOnlyList<int> Shards,
    IReadOnlyList<SeedRange> Slices,
    ResultsTotals Totals,
    IReadOnlyList<ResultsFailure> Failures,
    IReadOnlyDictionary<string, long>? Coverage,
    long ElapsedMs)
{
    /// <summary>The results file format this tool writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The shards of 1..N these results do not hold, ascending.</summary>
    public IReadOnlyList<int> MissingShards => Enumerable.Range(1, ShardCount).Except(Shards).ToArray();

    /// <summary>True when every shard of the range is here: the totals are the whole range's.</summary>
    public bool Complete => MissingShards.Count == 0;
}

/// <summary>Which scenario ran: its name, path and the SHA-256 of its content (line ends normalised to LF).</summary>
internal sealed record ResultsScenario(string Name, string Path, string ContentSha256);

/// <summary>An inclusive range of seeds (<c>unit: seed</c>) or of iterations (<c>unit: iteration</c>).</summary>
internal sealed record ResultsRange(string Unit, long First, long Last)
{
    public const string SeedUnit = "seed";
    public const string IterationUnit = "iteration";

    public SeedRange AsSeedRange => new(First, Last);
}

/// <summary>How many runs (seeds, or explore iterations) ran, passed and failed.</summary>
internal sealed record ResultsTotals(long Runs, long Passed, long Failed)
{
    public static ResultsTotals operator +(ResultsTotals left, ResultsTotals right) =>
        new(left.Runs + right.Runs, left.Passed + right.Passed, left.Failed + right.Failed);
}

/// <summary>One failing run and the command that reproduces it.</summary>
/// <param name="Seed">The world's seed.</param>
/// <param name="Iteration">For explore: the failing iteration's number within the whole range (1-based); null for run.</param>
/// <param name="Bug">For explore: Coyote's bug report in words; null for run.</param>
/// <param name="Trace">For explore: the failing iteration's trace file, as the shard wrote it; null for run.</param>
internal sealed record ResultsFailure(
    long Seed,
    long? Iteration,
    string VersionStatus,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<string> ExpectationFailures,
    string? Bug,
    string TraceSha256,
    string? Trace,
    string Reproduce)
{
    /// <summary>Seed order, then iteration order: the order failures are listed in, whatever order shards finish in.</summary>
    public static IComparer<ResultsFailure> Order { get; } = Comparer<ResultsFailure>.Create((a, b) =>
    {
        int bySeed = a.Seed.CompareTo(b.Seed);
        return bySeed != 0 ? bySeed : (a.Iteration ?? 0).CompareTo(b.Iteration ?? 0);
    });

    /// <summary>One line for people and for a JUnit failure message.</summary>
    public string Summary =>
        Bug ?? (ExpectationFailures.Count > 0 ? string.Join("; ", ExpectationFailures) : $"version status {VersionStatus}");
}
