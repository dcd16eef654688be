namespace Venice.Sim.Scenarios;

/// <summary>
/// Where a scenario's <c>log:</c> key keeps the world's log records (docs/scenarios.md). In memory
/// unless the file says otherwise; either way the trace is the same.
/// </summary>
public enum ScenarioLog
{
    /// <summary><c>log: memory</c>, the default: every record in memory (<see cref="Venice.Sim.InMemory.InMemoryLog"/>).</summary>
    Memory,

    /// <summary>
    /// <c>log: file</c>: record bytes in segment files in a temporary directory, deleted after the run
    /// (<see cref="Venice.Sim.Files.FileLog"/>), so the log does not bound a large world's memory.
    /// </summary>
    File,
}
