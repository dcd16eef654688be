using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>
/// Makes sure the header names the scenario file, which <c>replay</c> needs, even when a runner
/// builds its header without <see cref="TraceHeaders.For"/>. Everything else passes through.
/// </summary>
internal sealed class ScenarioPathStampingSink(ITraceSink inner, string scenarioPath) : ITraceSink
{
    public bool HeaderWritten { get; private set; }

    public void WriteHeader(TraceHeader header)
    {
        inner.WriteHeader(header.ScenarioPath.Length == 0 ? header with { ScenarioPath = scenarioPath } : header);
        HeaderWritten = true;
    }

    public void Write(TraceEvent traceEvent) => inner.Write(traceEvent);
}
