using Venice.Sim.Tracing;

namespace Venice.Sim.Scenarios;

/// <summary>Builds the header every run's trace starts with, so runners and the CLI agree on it.</summary>
public static class TraceHeaders
{
    /// <param name="options">The effective options to record; defaults to the scenario's config overrides.</param>
    public static TraceHeader For(
        Scenario scenario,
        long seed,
        IReadOnlyList<string> defects,
        IReadOnlyList<KeyValuePair<string, string>>? options = null) =>
        new(TraceHeader.CurrentFormatVersion, scenario.Name, seed, defects, options ?? scenario.Config)
        {
            ScenarioPath = scenario.SourcePath,
        };
}
