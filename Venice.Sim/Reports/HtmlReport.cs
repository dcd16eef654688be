using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Venice.Sim.Tracing;

namespace Venice.Sim.Reports;

/// <summary>
/// Writes a run's trace as one self-contained HTML page (docs/report.md): swimlanes per replica, faults,
/// version status, violations, offsets, the coverage table. The page needs no network: its script and
/// style sheet are inlined (hand-written, no third-party code), the data is one JSON block. The bytes
/// depend only on the trace (and coverage), never on the clock or the machine, so a report is as
/// reproducible as its trace.
/// </summary>
public static class HtmlReport
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the report of <paramref name="timeline"/> to <paramref name="path"/> atomically (<see cref="AtomicFile"/>).</summary>
    /// <param name="verdict">How the run ended, or null when the report is of a trace alone.</param>
    /// <exception cref="IOException">The path cannot be written (see <see cref="AtomicFile.Create"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void Write(ReportTimeline timeline, string path, CoverageCounts? coverage = null, ReportVerdict? verdict = null)
    {
        using var file = AtomicFile.Create(path);
        Write(timeline, file.Stream, coverage, verdict);
        file.Commit();
    }

    /// <summary>Writes the report of a whole trace to <paramref name="path"/> atomically, its coverage counted from the trace.</summary>
    /// <exception cref="IOException">The path cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void Write(TraceHeader header, IEnumerable<TraceEvent> events, string path)
    {
        var timeline = new ReportTimeline();
        var coverage = new CoverageRecorder();
        var tee = new TraceTee(timeline, coverage);
        tee.WriteHeader(header);
        foreach (var traceEvent in events) tee.Write(traceEvent);
        Write(timeline, path, coverage.Counts);
    }

    /// <summary>Writes the report to <paramref name="output"/> (left open).</summary>
    public static void Write(ReportTimeline timeline, Stream output, CoverageCounts? coverage = null, ReportVerdict? verdict = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new StreamWriter(output, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        var header = timeline.Header ?? throw new InvalidOperationException("the timeline has no trace header");
        string title = $"venice-sim report: {header.Scenario} seed {I(header.Seed)}";
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write($"<title>{E(title)}</title>\n<style>\n{Resource("report.css")}</style>\n</head>\n<body>\n");
        writer.Write($"<header>\n<h1>{E(title)}</h1>\n");
        if (verdict is not null)
        {
            writer.Write($"<p id=\"verdict\" class=\"{(verdict.Passed ? "passed" : "failed")}\">{E(verdict.Text)}</p>\n");
        }

        writer.Write("<dl class=\"facts\">\n");
        Fact(writer, "scenario", header.Scenario);
        Fact(writer, "scenario file", header.ScenarioPath);
        Fact(writer, "seed", I(header.Seed));
        Fact(writer, "defects", header.Defects.Count == 0 ? "none" : string.Join(", ", header.Defects));
        Fact(writer, "trace events", I(timeline.EventCount));
        Fact(writer, "sim time", $"{(timeline.EndMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)} s");
        Fact(writer, "violations", I(timeline.Violations.Count));
        if (timeline.KeptLines >= ReportTimeline.MaxKeptLines)
        {
            Fact(writer, "shown", $"a large run: past {I(ReportTimeline.MaxKeptLines)} lines only state changes, faults, statuses and violations keep their trace line; offset series are thinned");
        }

        writer.Write("</dl>\n</header>\n");
        writer.Write("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n");
        writer.Write("<div class=\"controls\"><button type=\"button\" id=\"zoom-in\">zoom in</button> <button type=\"button\" id=\"zoom-out\">zoom out</button> " +
                     "<button type=\"button\" id=\"zoom-reset\">whole run</button> <span id=\"window\"></span> " +
                     "<span class=\"hint\">wheel: zoom, drag: pan, hover or click a mark: its trace line</span></div>\n");
        writer.Write("<div id=\"legend\"></div>\n<div id=\"timeline\"></div>\n<pre id=\"detail\">Click a mark to see its trace line.</pre>\n</section>\n");
        WriteViolations(writer, timeline);
        if (coverage is not null) WriteCoverage(writer, coverage);
        writer.Write("<div id=\"tooltip\" hidden></div>\n");
        writer.Write("<script type=\"application/json\" id=\"report-data\">");
        writer.Flush();
        ReportData.Write(timeline, output);
        writer.Write("</script>\n<script>\n");
        writer.Write(Resource("report.js"));
        writer.Write("</script>\n</body>\n</html>\n");
    }

    private static void WriteViolations(StreamWriter writer, ReportTimeline timeline)
    {
        writer.Write($"<section id=\"violations-section\">\n<h2>Violations ({I(timeline.Violations.Count)})</h2>\n");
        if (timeline.Violations.Count == 0)
        {
            writer.Write("<p>None.</p>\n</section>\n");
            return;
        }

        writer.Write("<table id=\"violations\">\n<thead><tr><th>sim time (ms)</th><th>step</th><th>invariant</th><th>replica</th><th>message</th></tr></thead>\n<tbody>\n");
        // A run with a violation per record can have thousands; the table shows the first ones, the timeline all.
        const int shown = 500;
        foreach (var violation in timeline.Violations.Take(shown))
        {
            writer.Write($"<tr data-sim-time-ms=\"{I(violation.SimTimeMs)}\"><td>{I(violation.SimTimeMs)}</td><td>{I(violation.Step)}</td>" +
                         $"<td>{E(violation.Invariant)}</td><td>{E(violation.Replica ?? "-")}</td><td>{E(violation.Message)}</td></tr>\n");
        }

        writer.Write("</tbody>\n</table>\n");
        if (timeline.Violations.Count > shown)
        {
            writer.Write($"<p>and {I(timeline.Violations.Count - shown)} more (all are marked on the timeline).</p>\n");
        }

        writer.Write("</section>\n");
    }

    private static void WriteCoverage(StreamWriter writer, CoverageCounts coverage)
    {
        int never = coverage.NeverReached.Count;
        writer.Write($"<section id=\"coverage-section\">\n<h2>Coverage ({I(CoverageCatalog.Events.Count - never)} of {I(CoverageCatalog.Events.Count)} events reached)</h2>\n");
        writer.Write("<table id=\"coverage\">\n<thead><tr><th>group</th><th>event</th><th>count</th><th>meaning</th></tr></thead>\n<tbody>\n");
        foreach (var coverageEvent in CoverageCatalog.Events)
        {
            long count = coverage[coverageEvent.Name];
            writer.Write($"<tr class=\"{(count == 0 ? "never" : "reached")}\" data-event=\"{E(coverageEvent.Name)}\"><td>{E(coverageEvent.Group)}</td>" +
                         $"<td>{E(coverageEvent.Name)}</td><td>{I(count)}</td><td>{E(coverageEvent.Description)}</td></tr>\n");
        }

        writer.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void Fact(StreamWriter writer, string name, string value) => writer.Write($"<dt>{E(name)}</dt><dd>{E(value)}</dd>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Venice.Sim.Reports.{name}")
            ?? throw new InvalidOperationException($"the report resource {name} is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The report's data block: JSON with the default (HTML-safe) encoder, so '&lt;' never ends the script element.</summary>
    private static class ReportData
    {
        public static void Write(ReportTimeline timeline, Stream output)
        {
            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
            json.WriteStartObject();
            json.WriteNumber("endMs", timeline.EndMs);
            json.WriteStartArray("lanes");
            foreach (var lane in timeline.LaneMap.Values)
            {
                json.WriteStartObject();
                json.WriteString("replica", lane.Replica);
                json.WriteString("server", lane.Server);
                json.WriteNumber("firstMs", lane.FirstSeenMs);
                Marks(json, "helix", lane.Helix);
                Marks(json, "lf", lane.LeaderFollower);
                Marks(json, "marks", lane.Marks);
                Series(json, "vt", lane.VersionTopic);
                Series(json, "ckpt", lane.Checkpointed);
                Series(json, "rt", lane.RealTime);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("faults");
            foreach (var fault in timeline.Faults)
            {
                json.WriteStartArray();
                json.WriteNumberValue(fault.StartMs);
                json.WriteNumberValue(fault.Open ? Math.Max(fault.EndMs, timeline.EndMs) : fault.EndMs);
                json.WriteStringValue(fault.Label);
                if (fault.Server is null) json.WriteNullValue();
                else json.WriteStringValue(fault.Server);
                json.WriteNumberValue(fault.Line);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            Marks(json, "version", timeline.VersionMarks);
            json.WriteStartArray("violations");
            foreach (var violation in timeline.Violations)
            {
                json.WriteStartArray();
                json.WriteNumberValue(violation.SimTimeMs);
                json.WriteStringValue(violation.Invariant);
                json.WriteStringValue(violation.Message);
                if (violation.Replica is null) json.WriteNullValue();
                else json.WriteStringValue(violation.Replica);
                json.WriteNumberValue(violation.Line);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("lines");
            foreach (var line in timeline.Lines) json.WriteStringValue(line);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void Marks(Utf8JsonWriter json, string name, IEnumerable<ReportTimeline.Mark> marks)
        {
            json.WriteStartArray(name);
            foreach (var mark in marks)
            {
                json.WriteStartArray();
                json.WriteNumberValue(mark.TimeMs);
                json.WriteStringValue(mark.Label);
                json.WriteNumberValue(mark.Line);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        private static void Series(Utf8JsonWriter json, string name, ReportTimeline.Series series)
        {
            json.WriteStartArray(name);
            foreach (var (time, offset, line) in series.Points)
            {
                json.WriteStartArray();
                json.WriteNumberValue(time);
                json.WriteNumberValue(offset);
                json.WriteNumberValue(line);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }
    }
}

/// <summary>How the run of a report ended: passed or not, and one line saying so (e.g. "FAILED: expected ONLINE, got ERROR").</summary>
public sealed record ReportVerdict(bool Passed, string Text);
