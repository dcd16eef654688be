using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Venice.Sim.Exploration;
using Venice.Sim.Model;
using Venice.Sim.Running;

namespace Venice.Sim.Cli;

/// <summary>
/// <c>exhaust SCENARIO [--depth N] [--max-faults K] [--faults LIST] [--max-states N] [--seed N]
/// [--defect NAME]... [--out DIR] [--json]</c>: enumerates every schedule and fault placement of a tiny
/// world up to a depth bound (docs/exhaustive.md). On the first bug it writes a trace whose header carries
/// the failing schedule, which `replay` plays again.
/// </summary>
internal static class ExhaustVerb
{
    public sealed record Request(
        string ScenarioPath,
        int Depth,
        int MaxFaults,
        string Faults,
        long MaxStates,
        bool FinishCutSchedules,
        int Warmup,
        long? Seed,
        IReadOnlyList<string> Defects,
        string OutDirectory,
        bool Json);

    /// <summary>The command, for <see cref="VeniceSimCli"/>'s one registration line.</summary>
    public static Command Build(CliOutput output)
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "The scenario file (YAML) of a tiny world to exhaust." };
        var depth = new Option<int>("--depth")
        {
            Description = "How many moves (actor steps and faults) each enumerated schedule prefix has at most; the rest of a run is played by the first enabled actor.",
            DefaultValueFactory = _ => 30,
            CustomParser = WholeNumbers.Parser<int>("--depth", 30),
        };
        var maxFaults = new Option<int>("--max-faults")
        {
            Description = "How many faults one schedule may inject (default 0: interleavings only).",
            DefaultValueFactory = _ => 0,
            CustomParser = WholeNumbers.Parser<int>("--max-faults", 0),
        };
        var faults = new Option<string>("--faults")
        {
            Description = "The faults that may be placed, comma-separated: crash, restart, expire, move-leader (default crash,restart,expire).",
            DefaultValueFactory = _ => "crash,restart,expire",
        };
        var maxStates = new Option<long>("--max-states")
        {
            Description = "A budget of distinct states; the search stops, not exhausted, when it is spent.",
            DefaultValueFactory = _ => 1_000_000,
            CustomParser = WholeNumbers.Parser<long>("--max-states", 1_000_000),
        };
        var seed = new Option<long?>("--seed")
        {
            Description = "The world's seed; defaults to the scenario's seed.",
            CustomParser = WholeNumbers.OptionalParser<long>("--seed"),
        };
        var defects = new Option<string[]>("--defect") { Description = "Enable a seeded defect (repeatable); see 'venice-sim list'." };
        var outDirectory = new Option<string>("--out") { Description = "Where the failing schedule's trace is written.", DefaultValueFactory = _ => "." };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Moves played by the first enabled actor before the enumeration starts (default 0): spend the depth on a window of the run.",
            DefaultValueFactory = _ => 0,
            CustomParser = WholeNumbers.Parser<int>("--warmup", 0),
        };
        var noFinish = new Option<bool>("--no-finish")
        {
            Description = "Do not play schedules cut at the depth bound to the end: check only the safety violations their prefix raised (faster; no end-state or liveness checks for them).",
        };
        var json = new Option<bool>("--json") { Description = "Make the last stdout line a one-line JSON summary." };

        var command = new Command("exhaust", "Enumerate every schedule and fault placement of a tiny world up to a depth bound.")
        {
            scenario, depth, maxFaults, faults, maxStates, warmup, noFinish, seed, defects, outDirectory, json,
        };
        command.SetAction(parseResult => Execute(output, new Request(
            parseResult.GetRequiredValue(scenario),
            parseResult.GetValue(depth),
            parseResult.GetValue(maxFaults),
            parseResult.GetValue(faults) ?? "crash,restart,expire",
            parseResult.GetValue(maxStates),
            !parseResult.GetValue(noFinish),
            parseResult.GetValue(warmup),
            parseResult.GetValue(seed),
            parseResult.GetValue(defects) ?? [],
            parseResult.GetValue(outDirectory) ?? ".",
            parseResult.GetValue(json))));
        return command;
    }

    public static int Execute(CliOutput output, Request request)
    {
        if (request.Depth < 1) throw new CliUsageException($"--depth {request.Depth.ToString(CultureInfo.InvariantCulture)}: must be at least 1 (a schedule needs at least one move)");
        if (request.MaxFaults < 0) throw new CliUsageException($"--max-faults {request.MaxFaults.ToString(CultureInfo.InvariantCulture)}: must be 0 or more");
        if (request.Warmup < 0) throw new CliUsageException($"--warmup {request.Warmup.ToString(CultureInfo.InvariantCulture)}: must be 0 or more");
        if (request.MaxStates < 1) throw new CliUsageException($"--max-states {request.MaxStates.ToString(CultureInfo.InvariantCulture)}: must be at least 1");
        var kinds = ParseFaults(request.Faults);
        var scenario = RunExecution.LoadScenario(request.ScenarioPath);
        var defects = RunExecution.EffectiveDefects(scenario, request.Defects, "from --defect");
        long seed = request.Seed ?? scenario.Seed;
        OutputPaths.CheckWritableDirectory(request.OutDirectory, "--out");
        var options = new ExhaustiveOptions(request.Depth, request.MaxFaults, kinds, request.MaxStates, request.FinishCutSchedules, request.Warmup);

        // Wall time is measured for the summary and the progress line only (docs/design.md §8); it never reaches the simulation.
        var stopwatch = Stopwatch.StartNew();
        var progress = new ProgressLine(output, "states", request.Json);
        var lastShown = -ProgressLine.PlainEvery;
        void Progress(ExhaustiveProgress p)
        {
            var now = stopwatch.Elapsed;
            if (now - lastShown < progress.Interval) return;
            lastShown = now;
            double rate = p.StatesExplored / Math.Max(now.TotalSeconds, 1e-9);
            // The total is unknown until the space is exhausted; the state budget bounds it.
            progress.Show(string.Create(CultureInfo.InvariantCulture,
                $"exhausting: {p.StatesExplored} states explored, {p.DistinctStates} distinct, {p.Pruned} pruned, {rate:0} states/s, " +
                $"budget {p.Budgeted}/{p.MaxStates} (ETA at most {ProgressLine.Eta(p.MaxStates - p.Budgeted, p.Budgeted / Math.Max(now.TotalSeconds, 1e-9))})"), now);
        }
        ExhaustiveResult report;
        try
        {
            report = ScenarioExhauster.Explore(scenario, seed, defects, options, Progress);
        }
        catch (ArgumentException refused)
        {
            throw new CliUsageException($"{scenario.SourcePath}: {refused.Message}");
        }
        stopwatch.Stop();
        progress.Clear();

        string? tracePath = null;
        RunResult? failing = null;
        if (report.Schedule is { } schedule)
        {
            string defectPart = defects.Count == 0 ? "" : "-" + string.Join('+', defects);
            tracePath = Path.Combine(request.OutDirectory, $"{scenario.Name}{defectPart}-seed{seed.ToString(CultureInfo.InvariantCulture)}.exhaustive.trace");
            failing = WriteTrace(scenario, seed, defects, schedule, tracePath);
        }

        double seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        if (!request.Json)
        {
            var summary = output.NewTable($"venice-sim exhaust {scenario.SourcePath}", "field", "value");
            void Row(string field, string value) => summary.AddRow(new Text(field), new Text(value));
            Row("scenario", scenario.Name);
            Row("seed", seed.ToString(CultureInfo.InvariantCulture));
            Row("defects", defects.Count == 0 ? "none" : string.Join(", ", defects));
            Row("bounds", $"warm-up {request.Warmup}, depth {request.Depth}, faults {request.MaxFaults} of {string.Join(",", kinds.Select(FaultName))}, states {Number(request.MaxStates)}");
            Row("states explored", Number(report.StatesExplored));
            Row("distinct states", Number(report.DistinctStates));
            Row("transitions", Number(report.Transitions));
            Row("pruned revisits", Number(report.PrunedRevisits));
            Row("max depth", report.MaxDepthReached.ToString(CultureInfo.InvariantCulture));
            Row("schedules finished", $"{Number(report.SchedulesFinished)} ({Number(report.CutAtDepth)} cut at the depth bound)");
            Row("re-executions", $"{Number(report.Reexecutions)} ({Number(report.ReplayedMoves)} moves replayed)");
            Row("exhausted", report.Exhausted ? "yes: every schedule within the bounds" : report.BugFound ? "no: stopped at the first bug" : "no: the state budget ran out");
            Row("bugs found", report.BugFound ? "1" : "0");
            Row("wall time", $"{seconds.ToString("0.000", CultureInfo.InvariantCulture)} s");
            Row("states/s", (report.StatesExplored / seconds).ToString("0", CultureInfo.InvariantCulture));
            output.Ansi.Write(summary);
            if (report.Bug is { } bug) output.Line($"bug: {bug}");
            if (report.Schedule is { } moves) output.Line($"schedule: {moves}");
            if (failing is not null) RunReport.WriteHuman(output, "the failing schedule, replayed", failing, scenario.Expect.VersionStatus, TimeSpan.Zero);
        }

        if (tracePath is not null)
        {
            output.Line($"trace: {tracePath}");
            output.Line($"reproduce: {ReproduceCommand.ForReplay(ScenarioPaths.ToDisplayPath(tracePath))}");
        }

        if (request.Json) output.Line(ToJson(scenario.Name, seed, defects, request, report, stopwatch.Elapsed, tracePath, failing));
        return report.BugFound ? ExitCodes.Failed : ExitCodes.Passed;
    }

    private static IReadOnlyList<FaultKind> ParseFaults(string text)
    {
        var kinds = new List<FaultKind>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            FaultKind kind = name switch
            {
                "crash" => FaultKind.Crash,
                "restart" => FaultKind.Restart,
                "expire" => FaultKind.ExpireSession,
                "move-leader" => FaultKind.MoveLeader,
                _ => throw new CliUsageException($"--faults: unknown fault '{name}'; expected a comma-separated list of: crash, restart, expire, move-leader"),
            };
            if (!kinds.Contains(kind)) kinds.Add(kind);
        }
        if (kinds.Count == 0) throw new CliUsageException("--faults: name at least one of crash, restart, expire, move-leader (use --max-faults 0 for none)");
        return kinds;
    }

    private static string FaultName(FaultKind kind) => kind switch
    {
        FaultKind.ExpireSession => "expire",
        FaultKind.MoveLeader => "move-leader",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Plays the failing schedule again and writes its trace, the header stamped with the schedule.</summary>
    private static RunResult WriteTrace(Scenarios.Scenario scenario, long seed, IReadOnlyList<string> defects, string schedule, string tracePath)
    {
        OutputPaths.RefuseInput(tracePath, "--out", scenario.SourcePath);
        using var writer = OutputPaths.CreateTrace(tracePath, "--out");
        var result = ScenarioExhauster.Replay(scenario, seed, defects, schedule, new ExplicitScheduleStampingSink(new ScenarioPathStampingSink(writer, scenario.SourcePath), schedule));
        result = result with { TraceSha256 = writer.Sha256Hex };
        RunExecution.Commit(writer, tracePath);
        return result;
    }

    /// <summary>The one-line JSON summary of exhaust (docs/cli.md); fields in a fixed order.</summary>
    private static string ToJson(string scenario, long seed, IReadOnlyList<string> defects, Request request, ExhaustiveResult report,
        TimeSpan elapsed, string? tracePath, RunResult? failing)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, RunReport.JsonOptions))
        {
            json.WriteStartObject();
            RunReport.WriteScenarioSeedDefects(json, scenario, seed, defects);
            json.WriteNumber("warmup", request.Warmup);
            json.WriteNumber("depth", request.Depth);
            json.WriteNumber("maxFaults", request.MaxFaults);
            json.WriteBoolean("finishCutSchedules", request.FinishCutSchedules);
            json.WriteNumber("statesExplored", report.StatesExplored);
            json.WriteNumber("distinctStates", report.DistinctStates);
            json.WriteNumber("transitions", report.Transitions);
            json.WriteNumber("prunedRevisits", report.PrunedRevisits);
            json.WriteNumber("maxDepthReached", report.MaxDepthReached);
            json.WriteNumber("schedulesFinished", report.SchedulesFinished);
            json.WriteNumber("cutAtDepth", report.CutAtDepth);
            json.WriteNumber("reexecutions", report.Reexecutions);
            json.WriteNumber("replayedMoves", report.ReplayedMoves);
            json.WriteBoolean("exhausted", report.Exhausted);
            json.WriteNumber("bugsFound", report.BugFound ? 1 : 0);
            if (report.Bug is { } bug) json.WriteString("bug", bug);
            else json.WriteNull("bug");
            if (report.Schedule is { } schedule) json.WriteString("schedule", schedule);
            else json.WriteNull("schedule");
            json.WriteNumber("elapsedMs", (long)elapsed.TotalMilliseconds);
            RunReport.WriteViolations(json, failing?.Violations ?? []);
            if (tracePath is not null) json.WriteString("trace", tracePath);
            else json.WriteNull("trace");
            if (failing is not null) json.WriteString("traceSha256", failing.TraceSha256);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Stamps an exhaustive schedule into the trace header, so `replay` can play it again.</summary>
internal sealed class ExplicitScheduleStampingSink(Tracing.ITraceSink inner, string schedule) : Tracing.ITraceSink
{
    public void WriteHeader(Tracing.TraceHeader header) => inner.WriteHeader(header with { ExplicitSchedule = schedule });

    public void Write(Tracing.TraceEvent traceEvent) => inner.Write(traceEvent);
}
