namespace Venice.Sim.Running;

/// <summary>A scenario the engine refuses to run (a bad option value): the CLI exits 2.</summary>
public sealed class ScenarioRunException(string message) : Exception(message);
