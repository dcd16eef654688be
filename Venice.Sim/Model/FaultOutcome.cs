using System.Globalization;

namespace Venice.Sim.Model;

/// <summary>
/// What became of one explicit fault: it fired at <see cref="FiredAtMs"/> (and <see cref="Detail"/> says what
/// it struck), or it never fired and <see cref="Detail"/> says why (its milestone was never reached, no server
/// held the role, the server was already down, the run ended first). A fault that did not fire tested
/// nothing, so runs report them (the CLI warns about each).
/// </summary>
public sealed record FaultOutcome(Fault Fault, long? FiredAtMs, string Detail)
{
    /// <summary>Whether the fault took effect.</summary>
    public bool Fired => FiredAtMs is not null;

    /// <inheritdoc />
    public override string ToString() => FiredAtMs is { } at
        ? $"fault {Fault} fired at {at.ToString(CultureInfo.InvariantCulture)} ms: {Detail}"
        : $"fault {Fault} never fired: {Detail}";
}
