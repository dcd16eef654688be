using Venice.Sim.Invariants;
using Venice.Sim.Model;
using Venice.Sim.Running;
using Venice.Sim.Tracing;
using Venice.Sim.World;

namespace Venice.Sim;

/// <summary>How <see cref="ExhaustiveTesting.Explore(WorldBuilder, ExhaustiveOptions)"/> enumerates.</summary>
/// <param name="MaxDepth">How many moves (actor steps and faults) each schedule's enumerated prefix has at most; the rest of a run is played by the first enabled actor.</param>
/// <param name="MaxFaults">How many faults one schedule may inject (0: schedules only).</param>
/// <param name="FaultKinds">Which faults may be placed: Crash, Restart, ExpireSession, MoveLeader; null means crash, restart and session expiry.</param>
/// <param name="MaxStates">A budget of distinct (state, faults used) pairs; the search stops, not exhausted, when it is spent.</param>
/// <param name="FinishCutSchedules">
/// Whether a schedule cut at the depth bound is played to the end of the run (first enabled actor, faults
/// healed) and judged with the end-state and liveness checks, or only checked for the safety violations
/// its prefix raised. Finishing costs a whole run per cut schedule.
/// </param>
/// <param name="WarmupMoves">
/// Moves played by the first enabled actor before the enumeration starts, so the depth is spent on a
/// window of the run (the push, a promotion) rather than on the cluster's start-up; 0 enumerates from the start.
/// </param>
public sealed record ExhaustiveOptions(
    int MaxDepth = 30,
    int MaxFaults = 0,
    IReadOnlyList<FaultKind>? FaultKinds = null,
    long MaxStates = 1_000_000,
    bool FinishCutSchedules = true,
    int WarmupMoves = 0)
{
    /// <summary>The faults placed when <see cref="FaultKinds"/> is null.</summary>
    public static IReadOnlyList<FaultKind> DefaultFaultKinds { get; } = [FaultKind.Crash, FaultKind.Restart, FaultKind.ExpireSession];

    /// <summary>The faults the exhaustive mode knows how to place.</summary>
    public static IReadOnlyList<FaultKind> PlaceableFaultKinds { get; } = [FaultKind.Crash, FaultKind.Restart, FaultKind.ExpireSession, FaultKind.MoveLeader];
}

/// <summary>What a bounded exhaustive search found and how much it explored.</summary>
/// <param name="StatesExplored">States the search stood in (expanded or finished), revisits that were pruned not counted.</param>
/// <param name="DistinctStates">Distinct world-state digests seen.</param>
/// <param name="Transitions">Moves taken along the tree's edges (re-executed prefixes not counted).</param>
/// <param name="PrunedRevisits">Moves that led to a state already explored with at least as much depth and fault budget left.</param>
/// <param name="MaxDepthReached">The longest schedule prefix enumerated (after the warm-up).</param>
/// <param name="SchedulesFinished">Schedules played to the end of the run and judged.</param>
/// <param name="CutAtDepth">Of those, the ones whose world had not ended within the depth bound (finished by the first enabled actor).</param>
/// <param name="Reexecutions">Worlds rebuilt from the root to reach a sibling branch (stateless model checking).</param>
/// <param name="ReplayedMoves">Moves re-applied during those re-executions: the price of not cloning worlds.</param>
/// <param name="Exhausted">True when every schedule within the bounds was enumerated (no budget ran out, no bug stopped the search).</param>
/// <param name="BugFound">True when a schedule missed the world's expectation.</param>
/// <param name="Bug">The first bug's message: the expectation it missed and the first violation.</param>
/// <param name="Schedule">The failing schedule, for <see cref="ExhaustiveTesting.Replay(WorldBuilder, string)"/> and traces.</param>
/// <param name="FailingRun">The failing schedule's run, judged as a seeded run is.</param>
public sealed record ExhaustiveResult(
    long StatesExplored,
    long DistinctStates,
    long Transitions,
    long PrunedRevisits,
    int MaxDepthReached,
    long SchedulesFinished,
    long CutAtDepth,
    long Reexecutions,
    long ReplayedMoves,
    bool Exhausted,
    bool BugFound,
    string? Bug,
    string? Schedule,
    RunResult? FailingRun);

/// <summary>How far an exhaustive search has come, for a progress line.</summary>
/// <param name="StatesExplored">States expanded so far.</param>
/// <param name="DistinctStates">Distinct world digests seen so far.</param>
/// <param name="Transitions">Moves applied so far.</param>
/// <param name="Pruned">Revisits cut by the digest so far.</param>
/// <param name="Budgeted">States counted against the budget (a digest and a fault count).</param>
/// <param name="MaxStates">The budget, <see cref="ExhaustiveOptions.MaxStates"/>.</param>
public sealed record ExhaustiveProgress(long StatesExplored, long DistinctStates, long Transitions, long Pruned, long Budgeted, long MaxStates)
{
    /// <summary>Progress is reported once per this many explored states.</summary>
    public const int Every = 256;
}

/// <summary>
/// Bounded exhaustive exploration of a small world (docs/exhaustive.md): every interleaving of the
/// actors and every placement of up to <see cref="ExhaustiveOptions.MaxFaults"/> faults, up to a depth
/// bound, by depth-first search over the same <see cref="SimWorld"/> the seeded and Coyote drivers run.
/// Worlds are not cloned: a sibling branch is reached by rebuilding the world and re-playing the prefix
/// (stateless model checking), and a digest of the world's state prunes states already explored.
/// </summary>
public static class ExhaustiveTesting
{
    /// <summary>Enumerates the schedules of <paramref name="world"/> within the bounds, stopping at the first that misses its expectation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A depth below 1, a negative fault bound, a state budget below 1, or a fault kind the mode cannot place.</exception>
    public static ExhaustiveResult Explore(WorldBuilder world, ExhaustiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(world);
        return Explore(world.Spec, options, scenarioPath: "");
    }

    /// <summary>Re-runs the schedule an exploration reported (<see cref="ExhaustiveResult.Schedule"/>) and returns how it ended.</summary>
    /// <exception cref="ArgumentException">The schedule does not parse or does not fit this world.</exception>
    public static RunResult Replay(WorldBuilder world, string schedule)
    {
        ArgumentNullException.ThrowIfNull(world);
        return Replay(world.Spec, schedule, trace: null, scenarioPath: "");
    }

    internal static ExhaustiveResult Explore(WorldSpec spec, ExhaustiveOptions options, string scenarioPath, Action<ExhaustiveProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxDepth < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxDepth, "MaxDepth must be >= 1");
        if (options.MaxFaults < 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxFaults, "MaxFaults must be >= 0");
        if (options.MaxStates < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxStates, "MaxStates must be >= 1");
        if (options.WarmupMoves < 0) throw new ArgumentOutOfRangeException(nameof(options), options.WarmupMoves, "WarmupMoves must be >= 0");
        var kinds = options.FaultKinds ?? ExhaustiveOptions.DefaultFaultKinds;
        foreach (var kind in kinds)
        {
            if (!ExhaustiveOptions.PlaceableFaultKinds.Contains(kind))
                throw new ArgumentOutOfRangeException(nameof(options), kind, "the exhaustive mode places only Crash, Restart, ExpireSession and MoveLeader");
        }
        // Thousands of re-executed worlds, none disposed: the log stays in memory (the trace is the same).
        var quiet = spec with { RecordTrace = false, FileLog = null };
        var found = new ExhaustiveSearch(() => BuildUntraced(quiet, scenarioPath), WorldRuns.EndMs(spec), options, kinds.Distinct().ToArray(), progress).Run();
        // The search's worlds hash no trace; the failing schedule is played once more with one, so the run carries its SHA-256.
        return found.Schedule is { } schedule ? found with { FailingRun = Replay(spec, schedule, trace: null, scenarioPath) } : found;
    }

    /// <summary>A world whose trace goes nowhere: the search builds thousands and judges them, never hashes them.</summary>
    private static SimWorld BuildUntraced(WorldSpec spec, string scenarioPath)
    {
        try
        {
            var (world, observer) = WorldFactory.Build(spec, DiscardingTraceSink.Instance, scenarioPath, faultChoices: null);
            world.AddPart(new BuiltWorldState(spec, observer, new JsonLinesTraceWriter(), null));
            return world;
        }
        catch (ScenarioRunException e)
        {
            throw new ArgumentException(e.Message, nameof(spec), e);
        }
    }

    private sealed class DiscardingTraceSink : ITraceSink
    {
        public static readonly DiscardingTraceSink Instance = new();

        public void WriteHeader(TraceHeader header) { }

        public void Write(TraceEvent traceEvent) { }
    }

    internal static RunResult Replay(WorldSpec spec, string schedule, ITraceSink? trace, string scenarioPath)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var choices = ExhaustiveSchedule.Parse(schedule);
        var world = WorldRuns.Build(spec with { FileLog = null }, trace, null, scenarioPath);
        return ExhaustiveSchedule.Play(world, choices, WorldRuns.EndMs(spec));
    }
}

/// <summary>
/// The depth-first search behind <see cref="ExhaustiveTesting"/>. The current world goes down the first
/// move of each state; every other move rebuilds the world and re-plays the prefix. A (digest, faults
/// used) pair already explored at the same or a smaller depth is not explored again, so revisits through
/// commuting steps cost one digest each.
/// </summary>
internal sealed class ExhaustiveSearch(Func<SimWorld> build, long endMs, ExhaustiveOptions options, IReadOnlyList<FaultKind> kinds,
    Action<ExhaustiveProgress>? progress = null)
{
    // Looked up, never enumerated: hash order cannot reach the search order or the result.
    private readonly Dictionary<(UInt128 Digest, int Faults), int> shallowest = new();
    private readonly HashSet<UInt128> distinct = new();
    private readonly List<ScheduleChoice> prefix = new();
    private readonly List<ISimActor> enabled = new();
    private long explored, transitions, pruned, finished, cut, reexecutions, replayedMoves;
    private int maxDepth, warmup;
    private bool budgetSpent;
    private (string Bug, string Schedule, RunResult Run)? bug;

    public ExhaustiveResult Run()
    {
        var world = build();
        // The warm-up: the first enabled actor, as a finished schedule plays its tail; part of every schedule reported.
        for (int i = 0; i < options.WarmupMoves && ExhaustiveSchedule.Enabled(world, enabled, endMs) is null; i++)
        {
            ExhaustiveSchedule.Apply(world, ScheduleChoice.Step(0), enabled, endMs);
            prefix.Add(ScheduleChoice.Step(0));
        }
        warmup = prefix.Count;
        Visit(world, faultsUsed: 0);
        return new ExhaustiveResult(explored, distinct.Count, transitions, pruned, maxDepth, finished, cut, reexecutions, replayedMoves,
            Exhausted: !budgetSpent && bug is null, BugFound: bug is not null, bug?.Bug, bug?.Schedule, bug?.Run);
    }

    private bool Stopped => budgetSpent || bug is not null;

    private void Visit(SimWorld world, int faultsUsed)
    {
        int depth = prefix.Count - warmup;
        var ended = ExhaustiveSchedule.Enabled(world, enabled, endMs);
        var digest = WorldDigest.Of(world);
        distinct.Add(digest);
        if (shallowest.TryGetValue((digest, faultsUsed), out int seenAt) && seenAt <= depth)
        {
            pruned++;
            return;
        }
        if (shallowest.Count >= options.MaxStates && !shallowest.ContainsKey((digest, faultsUsed)))
        {
            budgetSpent = true;
            return;
        }
        shallowest[(digest, faultsUsed)] = depth;
        explored++;
        maxDepth = Math.Max(maxDepth, depth);
        if (progress is not null && explored % ExhaustiveProgress.Every == 0)
        {
            progress(new ExhaustiveProgress(explored, distinct.Count, transitions, pruned, shallowest.Count, options.MaxStates));
        }

        // A violation already seen, a world that ended, or the depth bound: play the rest and judge.
        bool violated = world.Invariants.Violations.Count > 0;
        if (ended is not null || depth >= options.MaxDepth || violated)
        {
            if (ended is null && !violated) cut++;
            if (ended is not null || violated || options.FinishCutSchedules) Finish(world, faultsUsed);
            return;
        }

        var moves = new List<ScheduleChoice>();
        ExhaustiveSchedule.Moves(world, enabled.Count, faultsUsed < options.MaxFaults, kinds, moves);
        for (int i = 0; i < moves.Count && !Stopped; i++)
        {
            var next = i == 0 ? world : Reexecute();
            ExhaustiveSchedule.Apply(next, moves[i], enabled, endMs);
            transitions++;
            prefix.Add(moves[i]);
            Visit(next, faultsUsed + (moves[i].IsFault ? 1 : 0));
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>A fresh world brought to the end of the current prefix.</summary>
    private SimWorld Reexecute()
    {
        reexecutions++;
        var world = build();
        foreach (var choice in prefix) ExhaustiveSchedule.Apply(world, choice, enabled, endMs);
        replayedMoves += prefix.Count;
        return world;
    }

    private void Finish(SimWorld world, int faultsUsed)
    {
        finished++;
        var result = ExhaustiveSchedule.Finish(world, faultsUsed > 0, endMs);
        if (result.Outcome == RunOutcome.Passed) return;
        var first = result.Violations.Count > 0 ? result.Violations[0] : null;
        string message = string.Join("; ", result.ExpectationFailures) +
                         (first is null ? "" : $" (first: {first.Invariant} at {first.SimTimeMs} ms, step {first.Step}: {first.Message})");
        bug = (message, ExhaustiveSchedule.Format(prefix), result);
    }
}
