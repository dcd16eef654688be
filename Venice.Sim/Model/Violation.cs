namespace Venice.Sim.Model;

/// <summary>An invariant violation as reported to users (docs/cli.md): which invariant, what, when (sim time, step) and which actor was stepping.</summary>
public sealed record Violation(string Invariant, string Message, long SimTimeMs, long Step)
{
    /// <summary>The actor whose step (or the world phase, e.g. <c>world</c> for the end-state checks) the violation was found in.</summary>
    public string Actor { get; init; } = "world";
}
