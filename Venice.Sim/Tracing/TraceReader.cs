using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;

namespace Venice.Sim.Tracing;

/// <summary>
/// A trace read back from disk, with its SHA-256 as <see cref="JsonLinesTraceWriter"/> computes it:
/// of its exact bytes except the header's <c>scenarioPath</c> member.
/// </summary>
public sealed record RecordedTrace(
    string SourcePath,
    TraceHeader Header,
    IReadOnlyList<TraceEvent> Events,
    string Sha256Hex,
    IReadOnlyList<string> Lines);

/// <summary>Why a trace could not be read; Line is 1-based, 0 for the file as a whole.</summary>
public sealed record TraceReadError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Either a trace or the first problem found in it; reading never throws on bad input.</summary>
public sealed class TraceReadResult
{
    private TraceReadResult(RecordedTrace? trace, TraceReadError? error)
    {
        Trace = trace;
        Error = error;
    }

    public RecordedTrace? Trace { get; }

    public TraceReadError? Error { get; }

    public bool Succeeded => Trace is not null;

    public static TraceReadResult Success(RecordedTrace trace) => new(trace, null);

    public static TraceReadResult Failure(TraceReadError error) => new(null, error);
}

/// <summary>
/// Reads the JSON Lines traces that <see cref="JsonLinesTraceWriter"/> writes. It is as strict as
/// the writer: '\n' line ends, a final newline, the format version it knows, no missing or extra
/// properties, because a trace that differs in any byte cannot replay to the same hash anyway.
/// </summary>
public static class TraceReader
{
    private static readonly string[] HeaderProperties = ["format", "scenario", "scenarioPath", "seed", "defects", "options"];

    /// <summary>Header properties a trace may leave out.</summary>
    private static readonly string[] OptionalHeaderProperties = ["coyoteSchedule", "explicitSchedule"];
    private static readonly string[] EventProperties = ["step", "simTimeMs", "actor", "kind", "detail"];

    public static TraceReadResult Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return TraceReadResult.Failure(new TraceReadError(path, 0, "file not found"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return TraceReadResult.Failure(new TraceReadError(path, 0, $"cannot read the file: {exception.Message}"));
        }

        return Parse(bytes, path);
    }

    public static TraceReadResult Parse(byte[] bytes, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            return Fail(sourcePath, 0, "the trace is empty; expected a header line");
        }

        if (bytes[^1] != (byte)'\n')
        {
            return Fail(sourcePath, CountLines(bytes), "the last line does not end with a newline (truncated trace?)");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var lines = new List<string>();
        var events = new List<TraceEvent>();
        TraceHeader? header = null;
        var start = 0;
        var lineNumber = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            lineNumber++;
            var lineBytes = bytes.AsMemory(start, end - start);
            start = end + 1;
            if (lineBytes.Length > 0 && lineBytes.Span[^1] == (byte)'\r')
            {
                return Fail(sourcePath, lineNumber, "the line ends with \\r\\n; traces use \\n line ends");
            }

            if (!Utf8.IsValid(lineBytes.Span))
            {
                return Fail(sourcePath, lineNumber, "the line is not valid UTF-8; traces are UTF-8 text");
            }

            try
            {
                using var document = JsonDocument.Parse(lineBytes);
                if (header is null)
                {
                    header = ReadHeader(document.RootElement);
                    hash.AppendData(WithoutScenarioPath(lineBytes.Span));
                    hash.AppendData("\n"u8);
                }
                else
                {
                    events.Add(ReadEvent(document.RootElement));
                    hash.AppendData(bytes.AsSpan(start - lineBytes.Length - 1, lineBytes.Length + 1));
                }
            }
            catch (JsonException exception)
            {
                return Fail(sourcePath, lineNumber, $"not a JSON object: {exception.Message}");
            }
            catch (TraceFormatException exception)
            {
                return Fail(sourcePath, lineNumber, exception.Message);
            }

            lines.Add(System.Text.Encoding.UTF8.GetString(lineBytes.Span));
        }

        var sha256Hex = Convert.ToHexStringLower(hash.GetCurrentHash());
        return TraceReadResult.Success(new RecordedTrace(sourcePath, header!, events, sha256Hex, lines));
    }

    /// <summary>
    /// The header line without its <c>scenarioPath</c> member (and the comma before it): the bytes
    /// the writer hashes, so a trace hashes the same whichever directory it was recorded from.
    /// </summary>
    private static byte[] WithoutScenarioPath(ReadOnlySpan<byte> header)
    {
        var reader = new Utf8JsonReader(header);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("scenarioPath"u8))
            {
                var memberStart = (int)reader.TokenStartIndex;
                reader.Skip();
                reader.Read();
                var memberEnd = (int)reader.TokenStartIndex;
                if (header[memberEnd] != (byte)'}')
                {
                    // Another member follows: drop "\"scenarioPath\":\"...\"," up to it.
                    return [.. header[..memberStart], .. header[memberEnd..]];
                }

                // The last member: drop the comma before it too.
                var before = header[..memberStart].TrimEnd(" \t"u8);
                before = before.Length > 0 && before[^1] == (byte)',' ? before[..^1] : before;
                return [.. before, .. header[memberEnd..]];
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
            {
                reader.Skip();
            }
        }

        return header.ToArray();
    }

    private static TraceHeader ReadHeader(JsonElement root)
    {
        var properties = Properties(root, HeaderProperties, "header", OptionalHeaderProperties);
        var format = Int64(properties["format"], "format");
        if (format != TraceHeader.CurrentFormatVersion)
        {
            throw new TraceFormatException(
                $"unsupported trace format {format}; this venice-sim reads format {TraceHeader.CurrentFormatVersion}");
        }

        var defectsElement = properties["defects"];
        if (defectsElement.ValueKind != JsonValueKind.Array)
        {
            throw new TraceFormatException("header property 'defects' must be an array of strings");
        }

        var defects = defectsElement.EnumerateArray().Select(item => String(item, "defects[]")).ToArray();

        var optionsElement = properties["options"];
        if (optionsElement.ValueKind != JsonValueKind.Object)
        {
            throw new TraceFormatException("header property 'options' must be an object of strings");
        }

        var options = new List<KeyValuePair<string, string>>();
        foreach (var option in optionsElement.EnumerateObject())
        {
            if (options.Any(existing => existing.Key == option.Name))
            {
                throw new TraceFormatException($"header option '{option.Name}' appears twice");
            }

            options.Add(new KeyValuePair<string, string>(option.Name, String(option.Value, $"options.{option.Name}")));
        }

        return new TraceHeader(
            (int)format,
            String(properties["scenario"], "scenario"),
            Int64(properties["seed"], "seed"),
            defects,
            options)
        {
            ScenarioPath = String(properties["scenarioPath"], "scenarioPath"),
            CoyoteSchedule = properties.TryGetValue("coyoteSchedule", out var schedule) ? String(schedule, "coyoteSchedule") : null,
            ExplicitSchedule = properties.TryGetValue("explicitSchedule", out var moves) ? String(moves, "explicitSchedule") : null,
        };
    }

    private static TraceEvent ReadEvent(JsonElement root)
    {
        var properties = Properties(root, EventProperties, "event");
        return new TraceEvent(
            Int64(properties["step"], "step"),
            Int64(properties["simTimeMs"], "simTimeMs"),
            String(properties["actor"], "actor"),
            String(properties["kind"], "kind"),
            String(properties["detail"], "detail"));
    }

    /// <summary>The object's properties by name, after checking there are exactly the expected ones.</summary>
    private static Dictionary<string, JsonElement> Properties(JsonElement root, string[] expected, string what, string[]? optional = null)
    {
        optional ??= [];
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TraceFormatException($"expected a JSON object ({what}), got {root.ValueKind}");
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!expected.Contains(property.Name, StringComparer.Ordinal) && !optional.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new TraceFormatException(
                    $"unknown {what} property '{property.Name}'; expected: {string.Join(", ", expected.Concat(optional))}");
            }

            if (!properties.TryAdd(property.Name, property.Value))
            {
                throw new TraceFormatException($"{what} property '{property.Name}' appears twice");
            }
        }

        foreach (var name in expected)
        {
            if (!properties.ContainsKey(name))
            {
                throw new TraceFormatException($"{what} is missing property '{name}'");
            }
        }

        return properties;
    }

    private static long Int64(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value)
            ? value
            : throw new TraceFormatException($"property '{name}' must be an integer");

    private static string String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new TraceFormatException($"property '{name}' must be a string");

    private static int CountLines(byte[] bytes) => bytes.Count(value => value == (byte)'\n') + 1;

    private static TraceReadResult Fail(string path, int line, string message) =>
        TraceReadResult.Failure(new TraceReadError(path, line, message));

    private sealed class TraceFormatException(string message) : Exception(message);
}
