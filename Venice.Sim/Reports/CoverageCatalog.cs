using Venice.Core.Helix;
using Venice.Core.Validation;
using Venice.Sim.Model;

namespace Venice.Sim.Reports;

/// <summary>One event of the coverage catalog: a name (stable, used in JSON and in the docs) and what it means.</summary>
public sealed record CoverageEvent(string Name, string Group, string Description);

/// <summary>
/// The interesting events a run may reach, in the spirit of Antithesis' <c>sometimes</c>/<c>reachable</c>
/// assertions (docs/report.md#coverage): each Helix transition, each status a replica reports, each fault
/// kind fired at a time and at each milestone, each DIV outcome, promotion aborted and completed,
/// checkpoint restored, fast ready-to-serve, TOPIC_SWITCH handled, version swapped. A run counts how
/// often it reached each (<see cref="CoverageRecorder"/>); what no run of a library reaches is what
/// the library does not test.
/// </summary>
public static class CoverageCatalog
{
    /// <summary>The statuses a Venice replica reports during a batch or hybrid push (the others belong to features the model leaves out: incremental push, archiving, data recovery).</summary>
    public static IReadOnlyList<string> ReportedStatuses { get; } =
        ["STARTED", "PROGRESS", "END_OF_PUSH_RECEIVED", "TOPIC_SWITCH_RECEIVED", "COMPLETED", "ERROR"];

    /// <summary>The DIV outcomes other than OK (a DUPLICATE is counted from the records a poll skipped).</summary>
    public static IReadOnlyList<DivResult> DivOutcomes { get; } =
        [DivResult.Duplicate, DivResult.Missing, DivResult.Corrupt, DivResult.UnregisteredProducer, DivResult.DataAfterEndOfSegment];

    /// <summary>Every event, grouped, in a fixed order.</summary>
    public static IReadOnlyList<CoverageEvent> Events { get; } = Build();

    /// <summary>Whether <paramref name="name"/> is in the catalog.</summary>
    public static bool Contains(string name) => Index.ContainsKey(name);

    private static readonly Dictionary<string, int> Index =
        Events.Select((e, i) => (e.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    /// <summary>The name of the Helix transition event FROM->TO.</summary>
    public static string HelixTransition(string from, string to) => $"helix {from}->{to}";

    /// <summary>The name of the event "a replica reported STATUS".</summary>
    public static string Status(string status) => $"status {status}";

    /// <summary>The name of the event "a fault of KIND fired".</summary>
    public static string FaultFired(FaultKind kind) => $"fault {kind}";

    /// <summary>The name of the event "a fault of KIND fired at MILESTONE".</summary>
    public static string FaultAtMilestone(FaultKind kind, MilestoneKind milestone) => $"fault {kind} at {milestone}";

    /// <summary>The name of the DIV outcome event.</summary>
    public static string Div(DivResult result) => $"div {result}";

    /// <summary>The name of the event "a version's status became STATUS".</summary>
    public static string Version(string status) => $"version {status}";

    /// <summary>A STANDBY_TO_LEADER whose promotion gate opened: the replica leads.</summary>
    public const string PromotionCompleted = "promotion completed";

    /// <summary>A replica demoted or unsubscribed while its promotion gate was still shut.</summary>
    public const string PromotionAborted = "promotion aborted";

    /// <summary>A replica resumed from a checkpoint (OffsetRecord) rather than from offset 0.</summary>
    public const string CheckpointRestored = "checkpoint restored";

    /// <summary>A replica restored from a ready checkpoint reported COMPLETED before consuming anything.</summary>
    public const string FastReadyToServe = "fast ready-to-serve taken";

    /// <summary>A leader handled TOPIC_SWITCH: it started consuming the RT.</summary>
    public const string TopicSwitchHandled = "TOPIC_SWITCH handled";

    /// <summary>A version went ONLINE and became the store's current version.</summary>
    public const string VersionSwapped = "version swapped";

    /// <summary>A Helix transition a participant could not carry out.</summary>
    public const string HelixTransitionFailed = "helix transition failed";

    /// <summary>A DIV fault a replica tolerated (after END_OF_PUSH, Venice is lenient).</summary>
    public const string DivLenient = "div fault tolerated";

    /// <summary>A DIV fault that failed the replica.</summary>
    public const string DivFatal = "div fault fatal";

    private static CoverageEvent[] Build()
    {
        var events = new List<CoverageEvent>();
        foreach (var (from, to) in HelixTransitions.Table)
        {
            events.Add(new(HelixTransition(from.ToString(), to.ToString()), "helix", $"a replica went from {from} to {to}"));
        }

        events.Add(new(HelixTransitionFailed, "helix", "a participant failed a Helix transition"));
        foreach (var status in ReportedStatuses)
        {
            events.Add(new(Status(status), "status", $"a replica reported {status}"));
        }

        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            events.Add(new(FaultFired(kind), "fault", $"a {kind} fault fired (at a time or at a milestone)"));
        }

        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            foreach (var milestone in Enum.GetValues<MilestoneKind>())
            {
                events.Add(new(FaultAtMilestone(kind, milestone), "fault at milestone", $"a {kind} fault fired when {milestone} was reached"));
            }
        }

        foreach (var result in DivOutcomes)
        {
            events.Add(new(Div(result), "div", $"DIV found {result}"));
        }

        events.Add(new(DivLenient, "div", "a DIV fault was tolerated"));
        events.Add(new(DivFatal, "div", "a DIV fault failed the replica"));
        events.Add(new(PromotionCompleted, "leadership", "a promotion to leader completed"));
        events.Add(new(PromotionAborted, "leadership", "a promotion to leader was given up before the gate opened"));
        events.Add(new(CheckpointRestored, "ingestion", "a replica resumed from its checkpoint"));
        events.Add(new(FastReadyToServe, "ingestion", "a restored replica reported COMPLETED at once (fast ready-to-serve)"));
        events.Add(new(TopicSwitchHandled, "ingestion", "a leader handled TOPIC_SWITCH and consumes the RT"));
        foreach (var status in new[] { "STARTED", "ONLINE", "ERROR" })
        {
            events.Add(new(Version(status), "version", $"a version's status became {status}"));
        }

        events.Add(new(VersionSwapped, "version", "a version became the store's current version"));
        return events.ToArray();
    }
}
