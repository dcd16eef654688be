namespace Venice.Sim.Cli;

/// <summary>
/// Bad input or usage (exit code 2). The message is printed as is on stderr, so it must already
/// name the file and, where there is one, the line:column.
/// </summary>
internal sealed class CliUsageException(string message) : Exception(message);
