using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Venice.Sim.Cli;

/// <summary>What results files are stamped with: the tool's version and the scenario's content hash.</summary>
internal static class ToolInfo
{
    /// <summary>venice-sim's version (the package version, e.g. <c>0.2.0</c>); results of two versions are never merged.</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>
    /// SHA-256 (lowercase hex) of the scenario file's bytes with CRLF line ends read as LF, so a
    /// checkout on Windows and one on Linux agree, while any edit that could change a run changes it.
    /// </summary>
    /// <exception cref="CliUsageException">The file cannot be read.</exception>
    public static string ScenarioContentSha256(string path)
    {
        try
        {
            var text = File.ReadAllBytes(path);
            var normalised = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text).Replace("\r\n", "\n", StringComparison.Ordinal));
            return Convert.ToHexStringLower(SHA256.HashData(normalised));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: cannot read the scenario file: {exception.Message}");
        }
    }
}
