namespace Venice.Sim.Tracing;

/// <summary>Passes every trace line to several sinks, in the order given (e.g. the trace file, a report, a coverage counter).</summary>
public sealed class TraceTee : ITraceSink
{
    private readonly ITraceSink[] sinks;

    /// <param name="sinks">The sinks, each told every line in order.</param>
    public TraceTee(params ITraceSink[] sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        this.sinks = sinks.ToArray();
    }

    /// <inheritdoc />
    public void WriteHeader(TraceHeader header)
    {
        foreach (var sink in sinks) sink.WriteHeader(header);
    }

    /// <inheritdoc />
    public void Write(TraceEvent traceEvent)
    {
        foreach (var sink in sinks) sink.Write(traceEvent);
    }
}
