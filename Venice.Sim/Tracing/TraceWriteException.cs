namespace Venice.Sim.Tracing;

/// <summary>
/// The trace could not be written (a full disk, a file system gone read-only). The command line
/// reports it as bad input (exit 2) rather than as a bug in the simulator.
/// </summary>
public sealed class TraceWriteException(IOException inner)
    : IOException($"cannot write the trace: {inner.Message}", inner);
