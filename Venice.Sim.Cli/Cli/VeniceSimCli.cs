using System.CommandLine;
using System.CommandLine.Help;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Cli;

/// <summary>The venice-sim command line (docs/cli.md): run, explore, check, list, replay.</summary>
public static class VeniceSimCli
{
    /// <summary>The environment variable that makes internal errors print their stack trace.</summary>
    public const string DebugVariable = "VENICE_SIM_DEBUG";

    /// <summary>
    /// Creates the engine for run and replay. Tests swap in a fake; the default is the real engine.
    /// </summary>
    public static Func<IScenarioRunner> RunnerFactory { get; set; } = () => new ScenarioRunner();

    /// <summary>
    /// What every verb checks scenario files against. The engine may set
    /// <see cref="Scenarios.ScenarioLoadOptions.KnownConfigOptions"/> here so that unknown config
    /// options are reported with line:column like any other scenario error.
    /// </summary>
    public static Scenarios.ScenarioLoadOptions ScenarioLoadOptions { get; set; } =
        Scenarios.ScenarioLoadOptions.Default with
        {
            KnownConfigOptions = new SortedSet<string>(OptionsBinder.KnownNames, StringComparer.Ordinal),
            CheckConfigValue = OptionsBinder.CheckValue,
        };

    /// <summary>Runs one command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args)
    {
        var output = new CliOutput(Console.Out, Console.Error);
        try
        {
            var root = BuildCommands(output);
            var parseResult = root.Parse(args);

            // System.CommandLine would exit with 1 on a parse error; usage errors are 2 here. Help
            // clears parse errors itself, so `venice-sim run --help` still shows help.
            if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
            {
                foreach (var error in parseResult.Errors)
                {
                    output.ErrorLine($"venice-sim: {WholeNumbers.WithoutClrTypeNames(error.Message)}");
                }

                output.ErrorLine("venice-sim: see 'venice-sim --help'");
                return ExitCodes.BadInput;
            }

            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = output.Out,
                Error = output.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (CliUsageException exception)
        {
            output.ErrorLine(exception.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception exception)
        {
            // Only a bug in venice-sim gets here: every kind of bad input is a CliUsageException.
            output.ErrorLine($"venice-sim: internal error: {exception.GetType().Name}: {exception.Message}");
            output.ErrorLine("venice-sim: this is a bug in venice-sim, not in your input; please report it with the reproduce line below");
            output.ErrorLine($"reproduce: {output.ReproduceCommand ?? Cli.ReproduceCommand.ForArguments(args)}");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                output.ErrorLine(exception.ToString());
            }
            else
            {
                output.ErrorLine($"venice-sim: set {DebugVariable}=1 to see the stack trace");
            }

            return ExitCodes.InternalError;
        }
    }

    private static RootCommand BuildCommands(CliOutput output)
    {
        var root = new RootCommand("venice-sim: deterministic simulation of Venice's server write path");
        root.Subcommands.Add(BuildRun(output));
        root.Subcommands.Add(BuildExplore(output));
        root.Subcommands.Add(BuildCheck(output));
        root.Subcommands.Add(BuildList(output));
        root.Subcommands.Add(BuildReplay(output));
        root.Subcommands.Add(ShardCommands.BuildMerge(output));
        root.Subcommands.Add(ExhaustVerb.Build(output));
        root.Subcommands.Add(BuildShrinkTable(output));
        root.Subcommands.Add(BuildBugFinding(output));
        return root;
    }

    private static Command BuildRun(CliOutput output)
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "The scenario file (YAML) to run." };
        var seed = new Option<long?>("--seed")
        {
            Description = "Seed for the scheduler and random faults; defaults to the scenario's seed.",
            CustomParser = WholeNumbers.OptionalParser<long>("--seed"),
        };
        var defects = new Option<string[]>("--defect")
        {
            Description = "Enable a seeded defect (repeatable: --defect a --defect b); see 'venice-sim list'.",
        };
        var trace = new Option<string?>("--trace") { Description = "Write the trace (JSON Lines) to this file." };
        var report = ReportOption();
        var coverage = CoverageOption();
        var json = JsonOption();

        var command = new Command("run", "Run one scenario and check its expectations.") { scenario, seed, defects, trace, report, coverage, json };
        var sweep = ShardCommands.AddSweepOptions(command);
        command.SetAction(parseResult => sweep.Requested(parseResult) ? sweep.Execute(output, parseResult, scenario, seed, defects, trace, json) : RunVerb.Execute(
            output,
            parseResult.GetRequiredValue(scenario),
            parseResult.GetValue(seed),
            parseResult.GetValue(defects) ?? [],
            parseResult.GetValue(trace),
            parseResult.GetValue(json),
            parseResult.GetValue(report),
            parseResult.GetValue(coverage)));
        return command;
    }

    private static Command BuildExplore(CliOutput output)
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "The scenario file (YAML) to explore." };
        var iterations = new Option<uint>("--iterations")
        {
            Description = "How many iterations (schedules) to explore.",
            DefaultValueFactory = _ => 100,
            CustomParser = WholeNumbers.Parser<uint>("--iterations", 100),
        };
        var strategy = new Option<string>("--strategy")
        {
            Description = "Coyote's exploration strategy: portfolio (default), random, pct, probabilistic, qlearning.",
            DefaultValueFactory = _ => "portfolio",
        };
        var seed = new Option<long?>("--seed")
        {
            Description = "The world's seed and Coyote's; defaults to the scenario's seed.",
            CustomParser = WholeNumbers.OptionalParser<long>("--seed"),
        };
        var defects = new Option<string[]>("--defect") { Description = "Enable a seeded defect (repeatable); see 'venice-sim list'." };
        var maxSteps = new Option<uint>("--max-steps")
        {
            Description = "Actor steps per iteration; a world still able to progress at the bound is a liveness bug.",
            DefaultValueFactory = _ => 200_000,
            CustomParser = WholeNumbers.Parser<uint>("--max-steps", 200_000),
        };
        var shard = new Option<string?>("--shard") { Description = "K/N: explore this shard's block of the iterations (N shards together run exactly --iterations), with its own Coyote seed." };
        var timeLimit = new Option<uint?>("--time-limit")
        {
            Description = "Wall-clock seconds after which no new iteration starts.",
            CustomParser = WholeNumbers.OptionalParser<uint>("--time-limit"),
        };
        var outDirectory = new Option<string>("--out") { Description = "Where the failing iteration's trace is written.", DefaultValueFactory = _ => "." };
        var report = ReportOption("Write an HTML report of the failing iteration to this file (none when no iteration fails).");
        var coverage = CoverageOption();
        var json = JsonOption();
        var results = ShardCommands.ResultsOption();
        var junit = ShardCommands.JUnitOption();

        var command = new Command("explore", "Let Coyote explore the scenario's interleavings and fault placements.")
        {
            scenario, iterations, strategy, seed, defects, maxSteps, shard, timeLimit, outDirectory, report, coverage, json, results, junit,
        };
        command.SetAction(parseResult => ExploreVerb.Execute(output, new ExploreVerb.Request(
            parseResult.GetRequiredValue(scenario),
            parseResult.GetValue(iterations),
            parseResult.GetValue(strategy) ?? "portfolio",
            parseResult.GetValue(seed),
            parseResult.GetValue(defects) ?? [],
            parseResult.GetValue(maxSteps),
            parseResult.GetValue(shard),
            parseResult.GetValue(outDirectory) ?? ".",
            parseResult.GetValue(json))
        {
            ResultsPath = parseResult.GetValue(results),
            JUnitPath = parseResult.GetValue(junit),
            ReportPath = parseResult.GetValue(report),
            Coverage = parseResult.GetValue(coverage),
            TimeLimitSeconds = parseResult.GetValue(timeLimit),
        }));
        return command;
    }

    private static Command BuildCheck(CliOutput output)
    {
        var scenarios = new Argument<string[]>("SCENARIO")
        {
            Description = "Scenario files, or directories to search for *.yaml files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("check", "Validate scenario files without running them.") { scenarios };
        command.SetAction(parseResult => CheckVerb.Execute(output, parseResult.GetRequiredValue(scenarios)));
        return command;
    }

    private static Command BuildList(CliOutput output)
    {
        var command = new Command("list", "List the scenarios under ./scenarios, the invariants and the defects.");
        command.SetAction(_ => ListVerb.Execute(output));
        return command;
    }

    private static Command BuildReplay(CliOutput output)
    {
        var trace = new Argument<string>("TRACE") { Description = "A trace written by 'run --trace'." };
        var report = ReportOption();
        var coverage = CoverageOption();
        var json = JsonOption();
        var command = new Command("replay", "Re-run the scenario a trace names and check the trace is reproduced byte for byte.") { trace, report, coverage, json };
        command.SetAction(parseResult => ReplayVerb.Execute(output, parseResult.GetRequiredValue(trace), parseResult.GetValue(json),
            parseResult.GetValue(report), parseResult.GetValue(coverage)));
        return command;
    }

    private static Command BuildShrinkTable(CliOutput output)
    {
        var outFile = new Option<string?>("--out") { Description = "Write the Markdown table into this file, between its shrink-table markers (e.g. docs/property-testing.md)." };
        var regressions = new Option<string?>("--regressions") { Description = "Write each shrunk counterexample as DIR/<defect>-failover.yaml (e.g. scenarios/regressions)." };
        var tests = new Option<uint>("--tests")
        {
            Description = "Generated failovers per hunt, with the defect on and with it off.",
            DefaultValueFactory = _ => (uint)FsCheck.DefectHunts.DefaultTests,
            CustomParser = WholeNumbers.Parser<uint>("--tests", (uint)FsCheck.DefectHunts.DefaultTests),
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "FsCheck's replay seed: same seed, same table.",
            DefaultValueFactory = _ => FsCheck.DefectHunts.DefaultSeed,
            CustomParser = WholeNumbers.Parser<ulong>("--seed", FsCheck.DefectHunts.DefaultSeed),
        };
        var defects = new Option<string[]>("--defect") { Description = "Only this defect's hunt (repeatable); every hunt by default." };
        var command = new Command("shrink-table", "Hunt every catalog defect with FsCheck over generated failovers and report the shrunk counterexamples.")
        {
            outFile, regressions, tests, seed, defects,
        };
        command.SetAction(parseResult => ShrinkTableVerb.Execute(output, new ShrinkTableVerb.Request(
            parseResult.GetValue(outFile),
            parseResult.GetValue(regressions),
            parseResult.GetValue(tests),
            parseResult.GetValue(seed),
            parseResult.GetValue(defects) ?? [])));
        return command;
    }

    private static Command BuildBugFinding(CliOutput output)
    {
        var runs = new Option<uint>("--runs")
        {
            Description = "Independent runs (different seeds) per defect and driver.",
            DefaultValueFactory = _ => (uint)BugFindingVerb.DefaultRuns,
            CustomParser = WholeNumbers.Parser<uint>("--runs", (uint)BugFindingVerb.DefaultRuns),
        };
        var budget = new Option<uint>("--budget")
        {
            Description = "Iterations (seeds, schedules or generated cases) each run may use.",
            DefaultValueFactory = _ => (uint)BugFindingVerb.DefaultBudget,
            CustomParser = WholeNumbers.Parser<uint>("--budget", (uint)BugFindingVerb.DefaultBudget),
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "The base seed: same seed, same table (but for the wall seconds).",
            DefaultValueFactory = _ => BugFindingVerb.DefaultSeed,
            CustomParser = WholeNumbers.Parser<ulong>("--seed", BugFindingVerb.DefaultSeed),
        };
        var defects = new Option<string[]>("--defect") { Description = "Only this defect (repeatable); every catalog defect by default." };
        var drivers = new Option<string[]>("--driver") { Description = "Only this driver (repeatable): swarm, portfolio, random, pct, probabilistic, qlearning, fscheck, exhaustive." };
        var scenarios = new Option<string>("--scenarios") { Description = "The scenario library the defect worlds are read from.", DefaultValueFactory = _ => "scenarios" };
        var outFile = new Option<string?>("--out") { Description = "Write the Markdown table into this file, between its bug-finding markers (e.g. docs/bug-finding.md)." };
        var command = new Command("bug-finding", "Measure how often and how fast each driver finds each catalog defect, and its false alarms on the healthy code.")
        {
            runs, budget, seed, defects, drivers, scenarios, outFile,
        };
        command.SetAction(parseResult => BugFindingVerb.Execute(output, new BugFindingVerb.Request(
            parseResult.GetValue(runs),
            parseResult.GetValue(budget),
            parseResult.GetValue(seed),
            parseResult.GetValue(defects) ?? [],
            parseResult.GetValue(drivers) ?? [],
            parseResult.GetValue(scenarios) ?? "scenarios",
            parseResult.GetValue(outFile))));
        return command;
    }

    private static Option<string?> ReportOption(string description = "Write a self-contained HTML report of the run to this file (docs/report.md).") =>
        new("--report") { Description = description };

    private static Option<bool> CoverageOption() =>
        new("--coverage") { Description = "Print which coverage events (docs/report.md#coverage) the run never reached." };

    internal static Option<bool> JsonOption() =>
        new("--json") { Description = "Make the last stdout line a one-line JSON summary." };
}
