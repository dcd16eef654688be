namespace Venice.Sim.Cli;

/// <summary>
/// Paths as users and traces see them: relative to the working directory and '/'-separated, so a
/// trace or a reproduce line carries no machine-specific absolute path.
/// </summary>
internal static class ScenarioPaths
{
    public static string ToDisplayPath(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.Replace('\\', '/');
    }

    /// <summary>Files named on the command line; a directory stands for every scenario file under it.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                files.AddRange(FindScenarioFiles(argument));
            }
            else
            {
                files.Add(ToDisplayPath(argument));
            }
        }

        return files;
    }

    /// <summary>Every *.yaml and *.yml file under <paramref name="directory"/>, sorted by display path.</summary>
    /// <exception cref="CliUsageException">A directory under it cannot be read (exit 2, naming it).</exception>
    public static IReadOnlyList<string> FindScenarioFiles(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
                .Select(ToDisplayPath)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{ToDisplayPath(directory)}: cannot read the directory or one under it: {exception.Message}");
        }
    }
}
