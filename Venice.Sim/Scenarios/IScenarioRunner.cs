using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using Venice.Sim.Running;

namespace Venice.Sim.Scenarios;

/// <summary>
/// The seam between the command line and the simulation engine. A runner runs one scenario with
/// one seed and writes the trace header (see <see cref="TraceHeaders.For"/>) and then every event
/// into <see cref="RunRequest.Trace"/>; the caller owns the sink.
/// </summary>
/// <remarks>
/// <see cref="RunResult.TraceSha256"/> may be left empty: the CLI always replaces it with the hash
/// its <see cref="JsonLinesTraceWriter"/> computed over the bytes actually written.
/// </remarks>
public interface IScenarioRunner
{
    RunResult Run(Scenario scenario, RunRequest request);
}

/// <summary>
/// What to run. <paramref name="Defects"/> is the complete effective set (the scenario's own
/// defects plus any from --defect, in catalog order); runners must not add the scenario's again.
/// </summary>
public sealed record RunRequest(long Seed, IReadOnlyList<string> Defects, ITraceSink Trace)
{
    /// <summary>
    /// Creates a server's RocksDB engine, for a scenario with <c>storage: rocksdb</c> (e.g.
    /// <c>RocksDbScenarioStorage.Create</c> of Venice.Storage.RocksDb); null refuses such scenarios with a
    /// <see cref="ScenarioRunException"/>. The caller owns the engines and disposes of them after the run.
    /// </summary>
    public Func<Venice.Core.ServerId, Venice.Core.Storage.ISimulatedStorageEngine>? RocksDbStorage { get; init; }
}
