using Venice.Sim.Tracing;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Cli;

/// <summary>
/// Makes sure the header names the scenario file, which <c>replay</c> needs, even when a runner
/// builds its header without <see cref="TraceHeaders.For"/>, and, for a run Coyote found, carries
/// Coyote's schedule. Everything else passes through.
/// </summary>
internal sealed class ScenarioPathStampingSink(ITraceSink inner, string scenarioPath, string? coyoteSchedule = null) : ITraceSink
{
    public bool HeaderWritten { get; private set; }

    public void WriteHeader(TraceHeader header)
    {
        var stamped = header.ScenarioPath.Length == 0 ? header with { ScenarioPath = scenarioPath } : header;
        inner.WriteHeader(coyoteSchedule is null ? stamped : stamped with { CoyoteSchedule = coyoteSchedule });
        HeaderWritten = true;
    }

    public void Write(TraceEvent traceEvent) => inner.Write(traceEvent);
}
