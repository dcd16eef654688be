using Venice.Sim.Model;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Why a scenario file was rejected, and where. Line and Column are 1-based; both are 0 when the
/// problem is the file as a whole (it cannot be read).
/// </summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler-style form users see on stderr: <c>file:line:column: message</c>.</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

/// <summary>Either a valid scenario or the first error found in it; loading never throws.</summary>
public sealed class ScenarioLoadResult
{
    private ScenarioLoadResult(Scenario? scenario, ScenarioError? error)
    {
        Scenario = scenario;
        Error = error;
    }

    public Scenario? Scenario { get; }

    public ScenarioError? Error { get; }

    public bool Succeeded => Scenario is not null;

    public static ScenarioLoadResult Success(Scenario scenario) => new(scenario, null);

    public static ScenarioLoadResult Failure(ScenarioError error) => new(null, error);
}

/// <summary>
/// The name sets a scenario is checked against. Defects and invariants default to the catalogs;
/// config option names are only checked when the engine supplies them (null accepts any name).
/// </summary>
public sealed record ScenarioLoadOptions
{
    public static ScenarioLoadOptions Default { get; } = new();

    public NameCatalog Defects { get; init; } = DefectNames.Catalog;

    public NameCatalog Invariants { get; init; } = InvariantNames.Catalog;

    public NameCatalog VersionStatuses { get; init; } = VersionStatusNames.Catalog;

    public IReadOnlySet<string>? KnownConfigOptions { get; init; }

    /// <summary>
    /// Checks a config value (name, value) and returns what is wrong with it, or null; when set,
    /// a bad value is an error at its line and column like any other. Null checks no values.
    /// </summary>
    public Func<string, string, string?>? CheckConfigValue { get; init; }
}
