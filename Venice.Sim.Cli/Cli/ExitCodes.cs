namespace Venice.Sim.Cli;

/// <summary>The exit codes of docs/cli.md.</summary>
public static class ExitCodes
{
    /// <summary>Expectations met (or, for check, every file valid).</summary>
    public const int Passed = 0;

    /// <summary>Expectations not met, or a replay that did not reproduce its trace.</summary>
    public const int Failed = 1;

    /// <summary>Bad input or usage: the message names the file and line:column.</summary>
    public const int BadInput = 2;

    /// <summary>A bug in venice-sim itself (EX_SOFTWARE).</summary>
    public const int InternalError = 70;
}
