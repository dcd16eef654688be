using System.CommandLine;

namespace Venice.Sim.Cli;

/// <summary>
/// The command-line surface of sharding (docs/sharding.md): run's <c>--seeds/--shard/--jobs/--results/--junit</c>,
/// explore's <c>--results/--junit</c> and the <c>merge</c> verb, kept out of VeniceSimCli so the
/// verbs' own definitions stay small.
/// </summary>
internal static class ShardCommands
{
    public static Option<string?> ResultsOption() =>
        new("--results") { Description = "Write machine-readable results (JSON: totals, failures with reproduce commands, coverage) to this file." };

    public static Option<string?> JUnitOption() =>
        new("--junit") { Description = "Write JUnit XML (one test case per seed, or per failure plus a summary) to this file." };

    /// <summary>Adds run's sweep flags to <paramref name="run"/>.</summary>
    public static SweepOptions AddSweepOptions(Command run)
    {
        var options = new SweepOptions(
            new Option<string?>("--seeds") { Description = "A..B: run every seed from A to B (both included) in one process, on every core." },
            new Option<string?>("--shard") { Description = "K/N, with --seeds: run only shard K's block of the seeds; N shards cover the range exactly once." },
            new Option<int?>("--jobs")
            {
                Description = "With --seeds: how many seeds run at once (default: one per core).",
                CustomParser = WholeNumbers.OptionalParser<int>("--jobs"),
            },
            ResultsOption(),
            JUnitOption());
        run.Options.Add(options.Seeds);
        run.Options.Add(options.Shard);
        run.Options.Add(options.Jobs);
        run.Options.Add(options.Results);
        run.Options.Add(options.JUnit);
        return options;
    }

    public static Command BuildMerge(CliOutput output)
    {
        var files = new Argument<string[]>("RESULTS")
        {
            Description = "Results files of shards (--results of run --seeds or explore); a directory stands for every *.json under it.",
            Arity = ArgumentArity.OneOrMore,
        };
        var results = ResultsOption();
        var junit = JUnitOption();
        var json = VeniceSimCli.JsonOption();
        var command = new Command("merge", "Combine shard results into one summary: totals, failures with reproduce commands, merged coverage.")
        {
            files, results, junit, json,
        };
        command.SetAction(parseResult => MergeVerb.Execute(
            output, parseResult.GetRequiredValue(files), parseResult.GetValue(results), parseResult.GetValue(junit), parseResult.GetValue(json)));
        return command;
    }

    /// <summary>run's sweep flags; <see cref="Requested"/> says whether this run is a sweep.</summary>
    public sealed record SweepOptions(Option<string?> Seeds, Option<string?> Shard, Option<int?> Jobs, Option<string?> Results, Option<string?> JUnit)
    {
        /// <summary>True when any sweep flag was given: then run sweeps (and says so if --seeds is missing).</summary>
        public bool Requested(ParseResult parseResult) =>
            parseResult.GetValue(Seeds) is not null || parseResult.GetValue(Shard) is not null || parseResult.GetValue(Jobs) is not null
            || parseResult.GetValue(Results) is not null || parseResult.GetValue(JUnit) is not null;

        public int Execute(CliOutput output, ParseResult parseResult, Argument<string> scenario, Option<long?> seed, Option<string[]> defects, Option<string?> trace, Option<bool> json)
        {
            var seeds = parseResult.GetValue(Seeds)
                ?? throw new CliUsageException("--shard, --jobs, --results and --junit need --seeds A..B (for one seed, --seeds S..S)");
            if (parseResult.GetValue(seed) is not null) throw new CliUsageException("give --seed N or --seeds A..B, not both");
            if (parseResult.GetValue(trace) is not null)
            {
                throw new CliUsageException("--trace writes one run's trace; with --seeds, reproduce a failing seed with its own 'run --seed S --trace FILE'");
            }

            return SweepVerb.Execute(output, new SweepVerb.Request(
                parseResult.GetRequiredValue(scenario),
                seeds,
                parseResult.GetValue(defects) ?? [],
                parseResult.GetValue(Shard),
                parseResult.GetValue(Jobs),
                parseResult.GetValue(Results),
                parseResult.GetValue(JUnit),
                parseResult.GetValue(json)));
        }
    }
}
