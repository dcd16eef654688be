using Venice.Core.Validation;
using Venice.Sim.Model;
using Venice.Sim.Tracing;

namespace Venice.Sim.Reports;

/// <summary>
/// Counts the coverage events (<see cref="CoverageCatalog"/>) of one run from its trace lines, so a
/// live run, a replayed trace and an explored iteration are all counted the same way. Events the
/// trace does not name directly are read from the order of lines per replica: a promotion is aborted
/// when the replica demotes or unsubscribes after <c>leader-transition</c> without
/// <c>leader-promoted</c>; fast ready-to-serve is a COMPLETED reported after a subscribe from a
/// checkpoint and before the replica consumed anything.
/// </summary>
public sealed class CoverageRecorder : ITraceSink
{
    private readonly SortedDictionary<string, long> counts = new(StringComparer.Ordinal);
    private readonly SortedSet<string> promoting = new(StringComparer.Ordinal);
    private readonly SortedSet<string> restoredNotYetConsuming = new(StringComparer.Ordinal);
    private readonly SortedSet<string> storesOnline = new(StringComparer.Ordinal);

    /// <summary>What this run reached so far (one run).</summary>
    public CoverageCounts Counts => CoverageCounts.Of(counts);

    /// <summary>Coverage counts of a whole trace.</summary>
    public static CoverageCounts Of(IEnumerable<TraceEvent> events)
    {
        var recorder = new CoverageRecorder();
        foreach (var traceEvent in events) recorder.Write(traceEvent);
        return recorder.Counts;
    }

    /// <inheritdoc />
    public void WriteHeader(TraceHeader header)
    {
    }

    /// <inheritdoc />
    public void Write(TraceEvent traceEvent)
    {
        ArgumentNullException.ThrowIfNull(traceEvent);
        var detail = traceEvent.Detail;
        var replica = TraceLines.ReplicaOf(detail);
        switch (traceEvent.Kind)
        {
            case "helix-state" when TraceLines.HelixChange(detail) is { } change:
                Hit(CoverageCatalog.HelixTransition(change.From, change.To));
                break;
            case "helix-transition-failed":
                Hit(CoverageCatalog.HelixTransitionFailed);
                break;
            case "status":
                var words = TraceLines.Words(detail);
                if (words.Length >= 2)
                {
                    Hit(CoverageCatalog.Status(words[1]));
                    if (words[1] == "COMPLETED" && replica is not null && restoredNotYetConsuming.Contains(replica))
                    {
                        Hit(CoverageCatalog.FastReadyToServe);
                    }
                }

                break;
            case "fault" when FaultKindOf(detail) is { } kind:
                Hit(CoverageCatalog.FaultFired(kind));
                // A random fault aimed at a milestone says so on its own line: "... (random, at MILESTONE #N)".
                if (RandomAim(detail) is { } aimedAt) Hit(CoverageCatalog.FaultAtMilestone(kind, aimedAt));
                break;
            case "milestone" when MilestoneFault(detail) is { } aimed:
                // The fault fires after the milestone's delay; the line is where its trigger was reached.
                Hit(CoverageCatalog.FaultAtMilestone(aimed.Kind, aimed.Milestone));
                break;
            case "div":
                DivLine(detail);
                break;
            case "consume":
                if (replica is not null) restoredNotYetConsuming.Remove(replica);
                if (detail.Contains(" duplicates=", StringComparison.Ordinal) && !detail.EndsWith(" duplicates=0", StringComparison.Ordinal))
                {
                    Hit(CoverageCatalog.Div(DivResult.Duplicate));
                }

                break;
            case "subscribe" when replica is not null:
                restoredNotYetConsuming.Remove(replica);
                if (detail.EndsWith(" checkpoint", StringComparison.Ordinal))
                {
                    Hit(CoverageCatalog.CheckpointRestored);
                    restoredNotYetConsuming.Add(replica);
                }

                break;
            case "leader-transition" when replica is not null:
                promoting.Add(replica);
                break;
            case "leader-promoted" when replica is not null:
                promoting.Remove(replica);
                Hit(CoverageCatalog.PromotionCompleted);
                break;
            case "leader-demoted" or "unsubscribe" when replica is not null:
                if (promoting.Remove(replica)) Hit(CoverageCatalog.PromotionAborted);
                break;
            case "leader-consumes-upstream":
                Hit(CoverageCatalog.TopicSwitchHandled);
                break;
            case "version":
                VersionLine(detail);
                break;
        }
    }

    private void DivLine(string detail)
    {
        // "<replica> vt=N <Result> fatal|lenient"
        var words = TraceLines.Words(detail);
        if (words.Length < 4 || !Enum.TryParse<DivResult>(words[2], ignoreCase: false, out var result)) return;
        Hit(CoverageCatalog.Div(result));
        Hit(words[3] == "fatal" ? CoverageCatalog.DivFatal : CoverageCatalog.DivLenient);
    }

    private void VersionLine(string detail)
    {
        // "<store>_v<N> <STATUS>"
        var words = TraceLines.Words(detail);
        if (words.Length < 2) return;
        Hit(CoverageCatalog.Version(words[1]));
        if (words[1] != "ONLINE") return;
        int cut = words[0].LastIndexOf("_v", StringComparison.Ordinal);
        string store = cut > 0 ? words[0][..cut] : words[0];
        // A swap replaces a current version: the store had one ONLINE before this one.
        if (!storesOnline.Add(store)) Hit(CoverageCatalog.VersionSwapped);
    }

    /// <summary>The fault kind a <c>fault</c> line describes (FaultDescriptions' wording), or null for a consequence such as a session timeout.</summary>
    internal static FaultKind? FaultKindOf(string detail) => detail switch
    {
        _ when detail.StartsWith("crash ", StringComparison.Ordinal) => FaultKind.Crash,
        _ when detail.StartsWith("restart ", StringComparison.Ordinal) => FaultKind.Restart,
        _ when detail.StartsWith("expire session of ", StringComparison.Ordinal) => FaultKind.ExpireSession,
        _ when detail.StartsWith("pause ", StringComparison.Ordinal) => FaultKind.Pause,
        _ when detail.StartsWith("isolate ", StringComparison.Ordinal) => FaultKind.Isolate,
        _ when detail.StartsWith("lose the next record", StringComparison.Ordinal) => FaultKind.LoseRecord,
        _ when detail.StartsWith("corrupt the next record", StringComparison.Ordinal) => FaultKind.CorruptRecord,
        _ when detail.StartsWith("fail produces", StringComparison.Ordinal) => FaultKind.DuplicateRecord,
        _ when detail.StartsWith("delay Helix transitions", StringComparison.Ordinal) => FaultKind.DelayTransitions,
        _ when detail.StartsWith("reverse Helix transition", StringComparison.Ordinal) => FaultKind.ReorderTransitions,
        _ when detail.StartsWith("move the leader", StringComparison.Ordinal) => FaultKind.MoveLeader,
        _ when detail.StartsWith("heal", StringComparison.Ordinal) => FaultKind.Heal,
        _ when detail.StartsWith("kill the push of ", StringComparison.Ordinal) => FaultKind.KillPush,
        _ => null,
    };

    /// <summary>The milestone a random fault was aimed at, from "(random, at MILESTONE #N)", or null.</summary>
    private static MilestoneKind? RandomAim(string detail)
    {
        const string marker = "(random, at ";
        int at = detail.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var words = TraceLines.Words(detail[(at + marker.Length)..]);
        return words.Length > 0 && Enum.TryParse<MilestoneKind>(words[0], ignoreCase: false, out var milestone) ? milestone : null;
    }

    /// <summary>A <c>milestone</c> line: "MILESTONE ... reached[ at server-K]: KIND due at N ms".</summary>
    private static (FaultKind Kind, MilestoneKind Milestone)? MilestoneFault(string detail)
    {
        var words = TraceLines.Words(detail);
        int colon = detail.IndexOf(": ", StringComparison.Ordinal);
        if (words.Length == 0 || colon < 0) return null;
        var after = TraceLines.Words(detail[(colon + 2)..]);
        return after.Length > 0
            && Enum.TryParse<MilestoneKind>(words[0], ignoreCase: false, out var milestone)
            && Enum.TryParse<FaultKind>(after[0], ignoreCase: false, out var kind)
            ? (kind, milestone)
            : null;
    }

    private void Hit(string name)
    {
        counts[name] = (counts.TryGetValue(name, out var n) ? n : 0) + 1;
    }
}
