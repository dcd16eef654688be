using Venice.Sim.Reports;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Reports;

/// <summary>A library scenario run in-process with its trace teed into a report timeline and a coverage counter.</summary>
internal sealed record ReportedRun(RunResult Result, ReportTimeline Timeline, CoverageCounts Coverage, IReadOnlyList<TraceEvent> Events, TraceHeader Header)
{
    public static ReportedRun Of(string relativePath, IReadOnlyList<string>? defects = null)
    {
        var scenario = LibraryScenario.Load(relativePath);
        var timeline = new ReportTimeline();
        var coverage = new CoverageRecorder();
        var kept = new KeepingSink();
        var result = new ScenarioRunner().Run(scenario, new RunRequest(scenario.Seed, defects ?? scenario.Defects, new TraceTee(timeline, coverage, kept)));
        return new ReportedRun(result, timeline, coverage.Counts, kept.Events, kept.Header!);
    }

    private sealed class KeepingSink : ITraceSink
    {
        public TraceHeader? Header { get; private set; }

        public List<TraceEvent> Events { get; } = new();

        public void WriteHeader(TraceHeader header) => Header = header;

        public void Write(TraceEvent traceEvent) => Events.Add(traceEvent);
    }
}
