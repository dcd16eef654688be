using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Loads scenario files (docs/scenarios.md) strictly: every unknown key, duplicate key, wrong type,
/// out-of-range value or YAML syntax error becomes a <see cref="ScenarioError"/> with line:column.
/// </summary>
/// <remarks>
/// The YAML representation model is walked by hand rather than deserialized into classes, because
/// only the node tree keeps the start mark of every key and value that the messages point at.
/// </remarks>
public static class ScenarioLoader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>; the path is used verbatim
    /// in errors and as <see cref="Scenario.SourcePath"/>.</summary>
    public static ScenarioLoadResult Load(string path, ScenarioLoadOptions? options = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return ScenarioLoadResult.Failure(new ScenarioError(path, 0, 0, "file not found"));
        }
        catch (DirectoryNotFoundException)
        {
            return ScenarioLoadResult.Failure(new ScenarioError(path, 0, 0, "file not found (no such directory)"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ScenarioLoadResult.Failure(new ScenarioError(path, 0, 0, $"cannot read the file: {exception.Message}"));
        }

        return Parse(text, path, options);
    }

    /// <summary>Validates scenario text; <paramref name="sourcePath"/> names it in errors.</summary>
    public static ScenarioLoadResult Parse(string yamlText, string sourcePath, ScenarioLoadOptions? options = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException exception)
        {
            return ScenarioLoadResult.Failure(new ScenarioError(
                sourcePath,
                (int)exception.Start.Line,
                (int)exception.Start.Column,
                DescribeSyntaxError(exception)));
        }

        try
        {
            var parser = new ScenarioParser(sourcePath, options ?? ScenarioLoadOptions.Default);
            return ScenarioLoadResult.Success(parser.ParseStream(stream));
        }
        catch (ScenarioFormatException exception)
        {
            return ScenarioLoadResult.Failure(exception.Error);
        }
    }

    private static string DescribeSyntaxError(YamlException exception)
    {
        // YamlDotNet reports duplicates as "Duplicate key <name>"; say what to do about it.
        const string duplicatePrefix = "Duplicate key ";
        if (exception.Message.StartsWith(duplicatePrefix, StringComparison.Ordinal))
        {
            var key = exception.Message[duplicatePrefix.Length..];
            return $"duplicate key '{key}'; each key may appear only once in a mapping";
        }

        return $"invalid YAML: {exception.Message}";
    }
}

/// <summary>Carries the first validation error out of the recursive walk; never escapes the loader.</summary>
internal sealed class ScenarioFormatException(ScenarioError error) : Exception(error.ToString())
{
    public ScenarioError Error { get; } = error;
}
