using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Venice.Sim.Model;

namespace Venice.Sim.Cli;

/// <summary>
/// Writes <see cref="ShardResults"/> as JSON (properties in a fixed order, so equal results are equal
/// bytes) and reads it back, refusing with the file, line:column and what was expected anything that
/// is not a results file this version wrote (docs/sharding.md#results-file).
/// </summary>
internal static class ResultsJson
{
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" };

    /// <summary>The file's text: indented, ending in a newline.</summary>
    public static string ToText(ShardResults results) => Write(results, Indented) + "\n";

    /// <summary>The same document on one line, for <c>--json</c>.</summary>
    public static string ToLine(ShardResults results) => Write(results, RunReport.JsonOptions);

    private static string Write(ShardResults results, JsonWriterOptions options)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteNumber("format", ShardResults.CurrentFormat);
            json.WriteString("verb", results.Verb);
            json.WriteStartObject("tool");
            json.WriteString("name", "venice-sim");
            json.WriteString("version", results.ToolVersion);
            json.WriteEndObject();
            json.WriteStartObject("scenario");
            json.WriteString("name", results.Scenario.Name);
            json.WriteString("path", results.Scenario.Path);
            json.WriteString("contentSha256", results.Scenario.ContentSha256);
            json.WriteEndObject();
            json.WriteStartArray("defects");
            foreach (var defect in results.Defects) json.WriteStringValue(defect);
            json.WriteEndArray();
            json.WriteStartObject("parameters");
            foreach (var (key, value) in results.Parameters) json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteStartObject("range");
            json.WriteString("unit", results.Range.Unit);
            json.WriteNumber("first", results.Range.First);
            json.WriteNumber("last", results.Range.Last);
            json.WriteEndObject();
            json.WriteStartObject("shard");
            json.WriteNumber("count", results.ShardCount);
            json.WriteStartArray("indices");
            foreach (var index in results.Shards) json.WriteNumberValue(index);
            json.WriteEndArray();
            json.WriteStartArray("missing");
            foreach (var index in results.MissingShards) json.WriteNumberValue(index);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("slices");
            foreach (var slice in results.Slices)
            {
                json.WriteStartObject();
                json.WriteNumber("first", slice.First);
                json.WriteNumber("last", slice.Last);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("totals");
            json.WriteNumber("runs", results.Totals.Runs);
            json.WriteNumber("passed", results.Totals.Passed);
            json.WriteNumber("failed", results.Totals.Failed);
            json.WriteEndObject();
            json.WriteStartArray("failures");
            foreach (var failure in results.Failures) WriteFailure(json, failure);
            json.WriteEndArray();
            if (results.Coverage is { } coverage)
            {
                json.WriteStartObject("coverage");
                foreach (var (name, count) in coverage.OrderBy(entry => entry.Key, StringComparer.Ordinal)) json.WriteNumber(name, count);
                json.WriteEndObject();
            }

            json.WriteNumber("elapsedMs", results.ElapsedMs);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFailure(Utf8JsonWriter json, ResultsFailure failure)
    {
        json.WriteStartObject();
        json.WriteNumber("seed", failure.Seed);
        if (failure.Iteration is { } iteration) json.WriteNumber("iteration", iteration);
        json.WriteString("versionStatus", failure.VersionStatus);
        RunReport.WriteViolations(json, failure.Violations);
        json.WriteStartArray("expectationFailures");
        foreach (var text in failure.ExpectationFailures) json.WriteStringValue(text);
        json.WriteEndArray();
        if (failure.Bug is { } bug) json.WriteString("bug", bug);
        json.WriteString("traceSha256", failure.TraceSha256);
        if (failure.Trace is { } trace) json.WriteString("trace", trace);
        json.WriteString("reproduce", failure.Reproduce);
        json.WriteEndObject();
    }

    /// <summary>Reads a results file.</summary>
    /// <exception cref="CliUsageException">Unreadable, not JSON, or not a results document: the message names the file and, for JSON errors, line:column.</exception>
    public static ShardResults ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: cannot read the results file: {exception.Message}");
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses a results document; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="CliUsageException">Not JSON, or not a results document.</exception>
    public static ShardResults Parse(ReadOnlyMemory<byte> bytes, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException exception)
        {
            // System.Text.Json counts lines and bytes from 0.
            long line = (exception.LineNumber ?? 0) + 1;
            long column = (exception.BytePositionInLine ?? 0) + 1;
            throw new CliUsageException($"{file}:{line.ToString(CultureInfo.InvariantCulture)}:{column.ToString(CultureInfo.InvariantCulture)}: not valid JSON: {FirstSentence(exception.Message)}; expected a results file written by 'venice-sim run --seeds ... --results' or 'explore --results'");
        }

        using (document)
        {
            var reader = new Fields(file);
            return reader.Results(document.RootElement);
        }
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.', ' ');
    }

    /// <summary>Reads typed fields, each missing or mistyped one an error naming its JSON path.</summary>
    private sealed class Fields(string file)
    {
        public ShardResults Results(JsonElement root)
        {
            Expect(root, JsonValueKind.Object, "$");
            long format = Number(root, "format", "$");
            if (format != ShardResults.CurrentFormat)
            {
                throw Error($"$.format is {format.ToString(CultureInfo.InvariantCulture)}; this venice-sim reads results format {ShardResults.CurrentFormat.ToString(CultureInfo.InvariantCulture)} only");
            }

            string verb = String(root, "verb", "$");
            if (verb is not ("run" or "explore"))
            {
                throw Error($"$.verb is '{verb}'; expected 'run' or 'explore'");
            }

            var tool = Object(root, "tool", "$");
            var scenario = Object(root, "scenario", "$");
            var range = Object(root, "range", "$");
            var shard = Object(root, "shard", "$");
            var totals = Object(root, "totals", "$");
            string unit = String(range, "unit", "$.range");
            if (unit is not (ResultsRange.SeedUnit or ResultsRange.IterationUnit))
            {
                throw Error($"$.range.unit is '{unit}'; expected 'seed' or 'iteration'");
            }

            var results = new ShardResults(
                verb,
                String(tool, "version", "$.tool"),
                new ResultsScenario(String(scenario, "name", "$.scenario"), String(scenario, "path", "$.scenario"), String(scenario, "contentSha256", "$.scenario")),
                Array(root, "defects", "$").Select((element, i) => StringValue(element, $"$.defects[{i}]")).ToArray(),
                Object(root, "parameters", "$").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, StringValue(p.Value, $"$.parameters.{p.Name}"))).ToArray(),
                new ResultsRange(unit, Number(range, "first", "$.range"), Number(range, "last", "$.range")),
                checked((int)Number(shard, "count", "$.shard")),
                Array(shard, "indices", "$.shard").Select((element, i) => checked((int)NumberValue(element, $"$.shard.indices[{i}]"))).ToArray(),
                Array(root, "slices", "$").Select((element, i) => Slice(element, $"$.slices[{i}]")).ToArray(),
                new ResultsTotals(Number(totals, "runs", "$.totals"), Number(totals, "passed", "$.totals"), Number(totals, "failed", "$.totals")),
                Array(root, "failures", "$").Select((element, i) => Failure(element, $"$.failures[{i}]")).ToArray(),
                root.TryGetProperty("coverage", out var coverage) ? Coverage(coverage) : null,
                Number(root, "elapsedMs", "$"));
            Check(results);
            return results;
        }

        /// <summary>The facts a results file must be consistent in, so a hand-edited or truncated-then-fixed file is caught.</summary>
        private void Check(ShardResults results)
        {
            if (results.Range.First > results.Range.Last) throw Error("$.range: first is greater than last");
            if (results.ShardCount < 1) throw Error("$.shard.count must be at least 1");
            if (results.Shards.Count == 0) throw Error("$.shard.indices is empty; a results file holds at least one shard");
            foreach (int index in results.Shards)
            {
                if (index < 1 || index > results.ShardCount) throw Error($"$.shard.indices holds {index.ToString(CultureInfo.InvariantCulture)}, outside 1..{results.ShardCount.ToString(CultureInfo.InvariantCulture)}");
            }

            if (results.Shards.Distinct().Count() != results.Shards.Count) throw Error("$.shard.indices names a shard twice");
            if (results.Totals.Passed + results.Totals.Failed != results.Totals.Runs || results.Totals.Runs < 0 || results.Totals.Passed < 0 || results.Totals.Failed < 0)
            {
                throw Error("$.totals: passed + failed must equal runs, none negative");
            }

            if (results.Failures.Count != results.Totals.Failed)
            {
                throw Error($"$.failures lists {results.Failures.Count.ToString(CultureInfo.InvariantCulture)} failure(s) but $.totals.failed is {results.Totals.Failed.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        private SeedRange Slice(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            long first = Number(element, "first", path), last = Number(element, "last", path);
            if (first > last) throw Error($"{path}: first is greater than last");
            return new SeedRange(first, last);
        }

        private ResultsFailure Failure(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            return new ResultsFailure(
                Number(element, "seed", path),
                element.TryGetProperty("iteration", out var iteration) ? NumberValue(iteration, path + ".iteration") : null,
                String(element, "versionStatus", path),
                Array(element, "violations", path).Select((v, i) => Violation(v, $"{path}.violations[{i}]")).ToArray(),
                Array(element, "expectationFailures", path).Select((v, i) => StringValue(v, $"{path}.expectationFailures[{i}]")).ToArray(),
                element.TryGetProperty("bug", out var bug) ? StringValue(bug, path + ".bug") : null,
                String(element, "traceSha256", path),
                element.TryGetProperty("trace", out var trace) ? StringValue(trace, path + ".trace") : null,
                String(element, "reproduce", path));
        }

        private Violation Violation(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path);
            return new Violation(String(element, "invariant", path), String(element, "message", path), Number(element, "simTimeMs", path), Number(element, "step", path))
            {
                Actor = String(element, "actor", path),
            };
        }

        private SortedDictionary<string, long> Coverage(JsonElement element)
        {
            Expect(element, JsonValueKind.Object, "$.coverage");
            var coverage = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in element.EnumerateObject())
            {
                long count = NumberValue(entry.Value, $"$.coverage.{entry.Name}");
                if (count < 0) throw Error($"$.coverage.{entry.Name} is negative");
                if (!coverage.TryAdd(entry.Name, count)) throw Error($"$.coverage names '{entry.Name}' twice");
            }

            return coverage;
        }

        private JsonElement Property(JsonElement parent, string name, string path) =>
            parent.TryGetProperty(name, out var value) ? value : throw Error($"{path}.{name} is missing");

        private JsonElement Object(JsonElement parent, string name, string path)
        {
            var value = Property(parent, name, path);
            Expect(value, JsonValueKind.Object, $"{path}.{name}");
            return value;
        }

        private JsonElement.ArrayEnumerator Array(JsonElement parent, string name, string path)
        {
            var value = Property(parent, name, path);
            Expect(value, JsonValueKind.Array, $"{path}.{name}");
            return value.EnumerateArray();
        }

        private string String(JsonElement parent, string name, string path) => StringValue(Property(parent, name, path), $"{path}.{name}");

        private long Number(JsonElement parent, string name, string path) => NumberValue(Property(parent, name, path), $"{path}.{name}");

        private string StringValue(JsonElement value, string path)
        {
            Expect(value, JsonValueKind.String, path);
            return value.GetString()!;
        }

        private long NumberValue(JsonElement value, string path)
        {
            Expect(value, JsonValueKind.Number, path);
            return value.TryGetInt64(out long number) ? number : throw Error($"{path} is not a whole number within 64 bits");
        }

        private void Expect(JsonElement value, JsonValueKind kind, string path)
        {
            if (value.ValueKind != kind)
            {
                throw Error($"{path} is {Describe(value.ValueKind)}; expected {Describe(kind)}");
            }
        }

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "missing",
        };

        private CliUsageException Error(string message) => new($"{file}: {message}; not a venice-sim results file (docs/sharding.md#results-file)");
    }
}
