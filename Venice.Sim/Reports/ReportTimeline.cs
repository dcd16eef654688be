using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Venice.Sim.Tracing;

namespace Venice.Sim.Reports;

/// <summary>
/// What an HTML report shows, gathered from a trace as it is written (or read back): per replica its
/// Helix and leader-follower states over sim time, its status reports, checkpoints, and the VT/RT
/// offsets it consumed and checkpointed; faults as intervals; version status changes; violations. It
/// keeps the trace lines behind the marks for hovering, up to <see cref="MaxKeptLines"/>; past that
/// only the lines of state changes, faults, statuses and violations are kept, and each offset series
/// is thinned to at most <see cref="MaxSeriesPoints"/> points, so a report of a million-event run stays small
/// and opens quickly.
/// </summary>
public sealed class ReportTimeline : ITraceSink
{
    /// <summary>Trace lines kept verbatim for hovering before only the important kinds are kept.</summary>
    public const int MaxKeptLines = 100_000;

    /// <summary>Points per offset series; beyond this every other point is dropped (the last is always kept).</summary>
    public const int MaxSeriesPoints = 4_000;

    // Kinds whose lines are kept past MaxKeptLines: few per run, and what a reader looks for.
    private static readonly SortedSet<string> ImportantKinds = new(StringComparer.Ordinal)
    {
        "violation", "fault", "fault-unfired", "milestone", "helix-state", "helix-transition-failed", "version",
        "leader-transition", "leader-promoted", "leader-demoted", "status", "replica-error", "div", "push-status",
        "topic-switch", "end",
    };

    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<string> lines = new();
    private readonly SortedDictionary<string, Lane> lanes = new(StringComparer.Ordinal);
    private readonly List<FaultInterval> faults = new();
    private readonly List<Mark> versionMarks = new();
    private readonly List<ViolationMark> violations = new();
    private readonly ArrayBufferWriter<byte> buffer = new(256);

    /// <summary>The trace's header, once written.</summary>
    public TraceHeader? Header { get; private set; }

    /// <summary>Events seen.</summary>
    public long EventCount { get; private set; }

    /// <summary>Sim time of the last event.</summary>
    public long EndMs { get; private set; }

    /// <summary>How many trace lines were kept for hovering.</summary>
    public int KeptLines => lines.Count;

    /// <summary>The replica lanes, by replica id.</summary>
    public IReadOnlyCollection<string> Replicas => lanes.Keys;

    /// <summary>The violations, in trace order.</summary>
    public IReadOnlyList<ViolationMark> Violations => violations;

    internal IReadOnlyList<string> Lines => lines;

    internal IReadOnlyDictionary<string, Lane> LaneMap => lanes;

    internal IReadOnlyList<FaultInterval> Faults => faults;

    internal IReadOnlyList<Mark> VersionMarks => versionMarks;

    /// <summary>A timeline of a whole trace.</summary>
    public static ReportTimeline Of(TraceHeader header, IEnumerable<TraceEvent> events)
    {
        var timeline = new ReportTimeline();
        timeline.WriteHeader(header);
        foreach (var traceEvent in events) timeline.Write(traceEvent);
        return timeline;
    }

    /// <inheritdoc />
    public void WriteHeader(TraceHeader header) => Header = header ?? throw new ArgumentNullException(nameof(header));

    /// <inheritdoc />
    public void Write(TraceEvent traceEvent)
    {
        ArgumentNullException.ThrowIfNull(traceEvent);
        EventCount++;
        EndMs = Math.Max(EndMs, traceEvent.SimTimeMs);
        long t = traceEvent.SimTimeMs;
        string detail = traceEvent.Detail;
        var replica = TraceLines.ReplicaOf(detail);
        var lane = replica is null ? null : LaneOf(replica, t);
        switch (traceEvent.Kind)
        {
            case "helix-state" when lane is not null && TraceLines.HelixChange(detail) is { } change:
                lane.Helix.Add(new Mark(t, change.To, Keep(traceEvent)));
                break;
            case "leader-transition" when lane is not null:
                lane.LeaderFollower.Add(new Mark(t, "IN_TRANSITION_FROM_STANDBY_TO_LEADER", Keep(traceEvent)));
                break;
            case "leader-promoted" when lane is not null:
                lane.LeaderFollower.Add(new Mark(t, "LEADER", Keep(traceEvent)));
                break;
            case "leader-demoted" when lane is not null:
                lane.LeaderFollower.Add(new Mark(t, "STANDBY", Keep(traceEvent)));
                break;
            case "status" when lane is not null:
                var words = TraceLines.Words(detail);
                lane.Marks.Add(new Mark(t, words.Length > 1 ? "status " + words[1] : "status", Keep(traceEvent)));
                break;
            case "checkpoint" when lane is not null:
                int checkpointLine = Keep(traceEvent);
                if (TraceLines.VtOffset(detail) is { } checkpointed) lane.Checkpointed.Add(t, checkpointed, () => checkpointLine);
                lane.Marks.Add(new Mark(t, "checkpoint", checkpointLine));
                break;
            case "consume" when lane is not null && TraceLines.Range(detail) is { } consumed:
                lane.VersionTopic.Add(t, consumed.Last, () => Keep(traceEvent));
                break;
            case "leader-replay" when lane is not null && TraceLines.Range(detail) is { } replayed:
                lane.RealTime.Add(t, replayed.Last, () => Keep(traceEvent));
                break;
            case "subscribe" or "unsubscribe" or "div" or "replica-error" or "leader-consumes-upstream" when lane is not null:
                lane.Marks.Add(new Mark(t, traceEvent.Kind, Keep(traceEvent)));
                break;
            case "fault":
                Fault(traceEvent);
                break;
            case "fault-unfired" or "milestone":
                faults.Add(new FaultInterval(t, t, traceEvent.Kind + ": " + detail, null, Keep(traceEvent)));
                break;
            case "version" or "push-status" or "topic-switch" or "start-of-push" or "end-of-push" or "push-failed" or "end":
                versionMarks.Add(new Mark(t, traceEvent.Kind + " " + detail, Keep(traceEvent)));
                break;
            case "violation":
                Violation(traceEvent);
                break;
        }
    }

    private Lane LaneOf(string replica, long t)
    {
        if (!lanes.TryGetValue(replica, out var lane))
        {
            lanes[replica] = lane = new Lane(replica, TraceLines.ServerOfReplica(replica), t);
        }

        return lane;
    }

    private void Fault(TraceEvent traceEvent)
    {
        long t = traceEvent.SimTimeMs;
        string detail = traceEvent.Detail;
        int line = Keep(traceEvent);
        var kind = CoverageRecorder.FaultKindOf(detail);
        var server = TraceLines.FirstServer(detail);
        switch (kind)
        {
            case Model.FaultKind.Heal:
                foreach (var open in faults.Where(f => f.Open)) open.Close(t);
                faults.Add(new FaultInterval(t, t, detail, null, line));
                break;
            case Model.FaultKind.Restart:
                foreach (var open in faults.Where(f => f.Open && f.Server == server)) open.Close(t);
                faults.Add(new FaultInterval(t, t, detail, server, line));
                break;
            case Model.FaultKind.Crash:
                // Down until a restart or the heal says otherwise (closed at the end of the run at worst).
                faults.Add(new FaultInterval(t, t, detail, server, line) { Open = true });
                break;
            default:
                long end = TraceLines.DurationMs(detail) is { } duration ? t + duration : t;
                faults.Add(new FaultInterval(t, end, detail, server, line));
                break;
        }
    }

    private void Violation(TraceEvent traceEvent)
    {
        string detail = traceEvent.Detail;
        int colon = detail.IndexOf(": ", StringComparison.Ordinal);
        string invariant = colon > 0 ? detail[..colon] : detail;
        string message = colon > 0 ? detail[(colon + 2)..] : detail;
        violations.Add(new ViolationMark(traceEvent.SimTimeMs, traceEvent.Step, invariant, message, LaneNamedBy(message), Keep(traceEvent)));
    }

    /// <summary>The replica lane a violation message is about: its partition and the first server it names, if such a lane exists.</summary>
    private string? LaneNamedBy(string message)
    {
        var server = TraceLines.FirstServer(message);
        if (server is null) return null;
        foreach (var word in TraceLines.Words(message))
        {
            var candidate = $"{word.TrimEnd(':', ',')}@{server}";
            if (lanes.ContainsKey(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>Keeps the line for hovering; its index, or -1 when it is no longer kept.</summary>
    private int Keep(TraceEvent traceEvent)
    {
        if (lines.Count >= MaxKeptLines && !ImportantKinds.Contains(traceEvent.Kind)) return -1;
        buffer.Clear();
        using (var json = new Utf8JsonWriter(buffer, LineOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("step", traceEvent.Step);
            json.WriteNumber("simTimeMs", traceEvent.SimTimeMs);
            json.WriteString("actor", traceEvent.Actor);
            json.WriteString("kind", traceEvent.Kind);
            json.WriteString("detail", traceEvent.Detail);
            json.WriteEndObject();
        }

        lines.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        return lines.Count - 1;
    }

    /// <summary>One violation: when, which invariant, its message, the replica lane it is about (if any) and its trace line.</summary>
    public sealed record ViolationMark(long SimTimeMs, long Step, string Invariant, string Message, string? Replica, int Line);

    internal sealed record Mark(long TimeMs, string Label, int Line);

    internal sealed class FaultInterval(long startMs, long endMs, string label, string? server, int line)
    {
        public long StartMs { get; } = startMs;

        public long EndMs { get; private set; } = endMs;

        public string Label { get; } = label;

        public string? Server { get; } = server;

        public int Line { get; } = line;

        public bool Open { get; set; }

        public void Close(long atMs)
        {
            EndMs = Math.Max(EndMs, atMs);
            Open = false;
        }
    }

    internal sealed class Lane(string replica, string server, long firstSeenMs)
    {
        public string Replica { get; } = replica;

        public string Server { get; } = server;

        public long FirstSeenMs { get; } = firstSeenMs;

        public List<Mark> Helix { get; } = new();

        public List<Mark> LeaderFollower { get; } = new();

        public List<Mark> Marks { get; } = new();

        public Series VersionTopic { get; } = new();

        public Series Checkpointed { get; } = new();

        public Series RealTime { get; } = new();
    }

    /// <summary>An offset over time, thinned by halving so it never holds more than <see cref="MaxSeriesPoints"/> points.</summary>
    internal sealed class Series
    {
        private readonly List<(long TimeMs, long Offset, int Line)> points = new();
        private (long TimeMs, long Offset, int Line)? last;
        private int stride = 1;
        private long seen;

        /// <summary>The kept points, and the latest one whether or not it was kept.</summary>
        public IReadOnlyList<(long TimeMs, long Offset, int Line)> Points =>
            last is { } latest && (points.Count == 0 || points[^1] != latest) ? [.. points, latest] : points;

        /// <summary>Adds a point; <paramref name="keepLine"/> is called only for a point that is kept.</summary>
        public void Add(long timeMs, long offset, Func<int> keepLine)
        {
            if (seen++ % stride != 0)
            {
                last = (timeMs, offset, -1);
                return;
            }

            var point = (timeMs, offset, keepLine());
            last = point;
            points.Add(point);
            if (points.Count > MaxSeriesPoints)
            {
                // Every other point goes, and from now on every stride-th point is kept: the series stays evenly thinned.
                var kept = points.Where((_, i) => i % 2 == 0).ToList();
                points.Clear();
                points.AddRange(kept);
                stride *= 2;
            }
        }
    }
}
