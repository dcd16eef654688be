using System.Globalization;
using Spectre.Console;
using Venice.Sim.Reports;
using Venice.Sim.Running;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>
/// What <c>--report FILE.html</c> and <c>--coverage</c> add to a verb: the report file is created
/// (as a temporary file beside it) before any work, so a missing or unwritable directory is exit 2
/// before the run; the trace is teed into a <see cref="ReportTimeline"/> and a
/// <see cref="CoverageRecorder"/>; at the end the report is written and renamed into place.
/// </summary>
internal sealed class ReportOutputs : IDisposable
{
    private readonly AtomicFile? reportFile;
    private readonly string? reportPath;
    private readonly bool printCoverage;
    private ReportTimeline timeline = new();
    private CoverageRecorder coverage = new();

    private ReportOutputs(string? reportPath, AtomicFile? reportFile, bool printCoverage)
    {
        this.reportPath = reportPath;
        this.reportFile = reportFile;
        this.printCoverage = printCoverage;
    }

    /// <summary>Whether anything was asked for.</summary>
    public bool Wanted => reportFile is not null || printCoverage;

    /// <summary>Checks and creates the report file now; bad paths are usage errors (exit 2).</summary>
    public static ReportOutputs Open(string? reportPath, bool printCoverage, params string[] inputs)
    {
        if (reportPath is null) return new ReportOutputs(null, null, printCoverage);
        if (reportPath.Trim().Length == 0) throw new CliUsageException("--report: the path is empty; name a file such as report.html");
        OutputPaths.RefuseInput(reportPath, "--report", inputs);
        try
        {
            return new ReportOutputs(reportPath, AtomicFile.Create(reportPath), printCoverage);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--report {reportPath}: cannot write the report: {exception.Message}");
        }
    }

    /// <summary>The sink to run with: <paramref name="trace"/> plus the report's and the coverage's (when wanted).</summary>
    public ITraceSink Tee(ITraceSink trace)
    {
        // A fresh timeline per run: explore's replay of the failing iteration is the run a report shows.
        timeline = new ReportTimeline();
        coverage = new CoverageRecorder();
        if (!Wanted) return trace;
        return reportFile is null ? new TraceTee(trace, coverage) : new TraceTee(trace, timeline, coverage);
    }

    /// <summary>What the teed run reached (one run).</summary>
    public CoverageCounts TeedRunCoverage => coverage.Counts;

    /// <summary>Writes the report of the teed run and renames it into place; prints <c>report: PATH</c>.</summary>
    public void WriteReport(CliOutput output, RunResult result, CoverageCounts coverageForReport)
    {
        if (reportFile is null) return;
        try
        {
            HtmlReport.Write(timeline, reportFile.Stream, coverageForReport, Verdict(result));
            reportFile.Commit();
        }
        catch (IOException exception)
        {
            throw new CliUsageException($"--report {reportPath}: cannot write the report: {exception.Message}");
        }

        output.Line($"report: {reportPath}");
    }

    /// <summary>Prints the coverage summary and the never-reached events (a table on a terminal, plain rows on a pipe).</summary>
    public void PrintCoverage(CliOutput output, CoverageCounts counts)
    {
        if (!printCoverage) return;
        var never = counts.NeverReached;
        int total = CoverageCatalog.Events.Count;
        output.Line($"coverage: {(total - never.Count).ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)} events reached " +
                    $"over {counts.Runs.ToString(CultureInfo.InvariantCulture)} run(s); never reached: {never.Count.ToString(CultureInfo.InvariantCulture)}");
        if (never.Count == 0) return;
        var table = output.NewTable("never reached", "group", "event", "meaning");
        foreach (var coverageEvent in never)
        {
            table.AddRow(new Text(coverageEvent.Group), new Text(coverageEvent.Name), new Text(coverageEvent.Description));
        }

        output.Ansi.Write(table);
    }

    /// <summary>The report's verdict line.</summary>
    public static ReportVerdict Verdict(RunResult result) => result.Outcome == RunOutcome.Passed
        ? new ReportVerdict(true, "PASSED: every expectation met")
        : new ReportVerdict(false, "FAILED: " + (result.ExpectationFailures.Count > 0 ? string.Join("; ", result.ExpectationFailures) : "expectations not met"));

    /// <summary>Without a written report the temporary file goes; nothing half-written is left.</summary>
    public void Dispose() => reportFile?.Dispose();
}
