using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
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
        if (Directory.Exists(path))
        {
            return ScenarioLoadResult.Failure(new ScenarioError(path, 0, 0, "is a directory, not a scenario file (check takes directories; run takes one file)"));
        }

        byte[] bytes;
        try
        {
            // Read at most one byte past the limit: a huge file is refused without reading it whole.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            bytes = new byte[(int)Math.Min(stream.Length, ScenarioLimits.MaxFileBytes + 1L)];
            stream.ReadExactly(bytes);
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

        if (bytes.Length > ScenarioLimits.MaxFileBytes)
        {
            var (line, column) = Position(bytes, ScenarioLimits.MaxFileBytes);
            return ScenarioLoadResult.Failure(new ScenarioError(path, line, column,
                $"the file is larger than {ScenarioLimits.MaxFileBytes.ToString(CultureInfo.InvariantCulture)} bytes (1 MiB), the limit for a scenario file; it passes the limit here"));
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException invalid)
        {
            var (line, column) = Position(bytes, Math.Max(0, FirstInvalidUtf8(bytes)));
            return ScenarioLoadResult.Failure(new ScenarioError(path, line, column, $"the file is not valid UTF-8 ({invalid.BytesUnknown?.Length ?? 1} bad byte(s)); save it as UTF-8"));
        }

        return Parse(text.StartsWith('\uFEFF') ? text[1..] : text, path, options);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>1-based line and column (in characters, roughly: bytes of the line) of a byte offset.</summary>
    private static (int Line, int Column) Position(byte[] bytes, int offset)
    {
        var before = bytes.AsSpan(0, Math.Min(offset, bytes.Length));
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return (line, column);
    }

    private static int FirstInvalidUtf8(byte[] bytes)
    {
        // Utf8.IsValid says whether; finding where takes a decode loop over the operation status.
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.InvalidData ? read : -1;
    }

    /// <summary>Validates scenario text; <paramref name="sourcePath"/> names it in errors.</summary>
    public static ScenarioLoadResult Parse(string yamlText, string sourcePath, ScenarioLoadOptions? options = null)
    {
        var stream = new YamlStream();
        var events = new DepthLimitedParser(new Parser(new StringReader(yamlText)), ScenarioLimits.MaxDepth);
        try
        {
            stream.Load(events);
        }
        catch (YamlException exception)
        {
            var (line, column) = SyntaxErrorPosition(exception, yamlText);
            return ScenarioLoadResult.Failure(new ScenarioError(sourcePath, line, column, DescribeSyntaxError(exception)));
        }
        catch (ScenarioFormatException exception)
        {
            return ScenarioLoadResult.Failure(exception.Error with { File = sourcePath });
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or NotSupportedException or OverflowException)
        {
            // YamlDotNet's own exceptions for input it cannot represent: still the file's fault, located where parsing stopped.
            return ScenarioLoadResult.Failure(new ScenarioError(
                sourcePath, (int)events.LastMark.Line, (int)events.LastMark.Column, $"invalid YAML: {exception.Message}"));
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

    /// <summary>
    /// Where the error is. YamlDotNet reports a tab in indentation at the start of the enclosing
    /// mapping (often 1:1); the tab itself is what the user must find.
    /// </summary>
    private static (int Line, int Column) SyntaxErrorPosition(YamlException exception, string text)
    {
        if (exception.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            var lines = text.Split('\n');
            for (var index = 0; index < lines.Length; index++)
            {
                var indentation = lines[index].Length - lines[index].TrimStart(' ', '\t').Length;
                var tab = lines[index].IndexOf('\t', StringComparison.Ordinal);
                if (tab >= 0 && tab < indentation && index + 1 >= exception.Start.Line)
                {
                    return (index + 1, tab + 1);
                }
            }
        }

        // An unknown alias is reported at 1:1 too; the alias itself is in the text.
        if (exception is AnchorNotFoundException && exception.Message.Split('\'') is [_, var anchor, ..])
        {
            var at = text.IndexOf("*" + anchor, StringComparison.Ordinal);
            if (at >= 0)
            {
                var line = text.AsSpan(0, at).Count('\n') + 1;
                return (line, at - (text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1) + 1);
            }
        }

        return ((int)exception.Start.Line, (int)exception.Start.Column);
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

/// <summary>
/// Counts nesting while YamlDotNet parses, and stops at the limit. YamlStream builds its node tree
/// recursively with no depth limit, so 30,000 nested '[' overflow the stack and kill the process;
/// the parser itself is iterative, so it is safe to count its events before any node is built.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, int maxDepth) : IParser
{
    private int depth;

    public ParsingEvent? Current => inner.Current;

    /// <summary>The end of the last event read: where parsing stopped, for errors without a position.</summary>
    public Mark LastMark { get; private set; } = new(0, 1, 1);

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var current = inner.Current!;
        if (current is MappingStart or SequenceStart && ++depth > maxDepth)
        {
            throw new ScenarioFormatException(new ScenarioError(
                string.Empty,
                (int)current.Start.Line,
                (int)current.Start.Column,
                $"nesting is deeper than {maxDepth.ToString(CultureInfo.InvariantCulture)} levels of mappings and lists; a scenario needs at most 5"));
        }

        if (current is MappingEnd or SequenceEnd)
        {
            depth--;
        }

        LastMark = current.End;
        return true;
    }
}
