using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Cli;

/// <summary>Renders a <see cref="RunResult"/> for people (a table) and for machines (the --json line).</summary>
internal static class RunReport
{
    /// <summary>The JSON style of every --json line: compact, readable escaping.</summary>
    public static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Extra facts a replay adds to the summary.</summary>
    public sealed record ReplayFacts(string RecordedTraceSha256, bool Reproduced);

    /// <summary>One warning line per explicit fault that never fired: the run did not test what it meant to.</summary>
    public static void WriteUnfiredWarnings(CliOutput output, RunResult result)
    {
        foreach (var unfired in result.UnfiredFaults)
        {
            output.Line($"warning: {unfired}");
        }
    }

    public static void WriteHuman(CliOutput output, string title, RunResult result, string expectedVersionStatus, TimeSpan elapsed)
    {
        var summary = output.NewTable(title, "field", "value");
        void Row(string field, string value) => summary.AddRow(new Text(field), new Text(value));

        Row("scenario", result.Scenario);
        Row("seed", result.Seed.ToString(CultureInfo.InvariantCulture));
        Row("defects", result.Defects.Count == 0 ? "none" : string.Join(", ", result.Defects));
        Row("outcome", result.Outcome == RunOutcome.Passed ? "PASSED" : "FAILED");
        Row("version status", $"{result.VersionStatus} (expected {expectedVersionStatus})");
        Row("violations", result.Violations.Count.ToString(CultureInfo.InvariantCulture));
        Row("steps", result.Steps.ToString(CultureInfo.InvariantCulture));
        Row("sim time", FormatSimTime(result.SimTimeMs));
        Row("wall time", $"{elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s");
        Row("trace sha256", result.TraceSha256);
        output.Ansi.Write(summary);

        if (result.Violations.Count > 0)
        {
            var violations = output.NewTable("violations", "invariant", "step", "sim time", "message");
            foreach (var violation in result.Violations)
            {
                violations.AddRow(
                    new Text(violation.Invariant),
                    new Text(violation.Step.ToString(CultureInfo.InvariantCulture)),
                    new Text(FormatSimTime(violation.SimTimeMs)),
                    new Text(violation.Message));
            }

            output.Ansi.Write(violations);
        }

        foreach (var failure in result.ExpectationFailures)
        {
            output.Line($"expectation not met: {failure}");
        }
    }

    /// <summary>The final line of a human summary: PASSED or FAILED with the reason, coloured on a terminal.</summary>
    public static void WriteVerdict(CliOutput output, RunResult result)
    {
        if (result.Outcome == RunOutcome.Passed)
        {
            output.Verdict(true, "PASSED: every expectation met");
            return;
        }

        int failures = result.ExpectationFailures.Count;
        output.Verdict(false, $"FAILED: {failures.ToString(CultureInfo.InvariantCulture)} expectation{(failures == 1 ? "" : "s")} not met");
    }

    /// <summary>The one-line JSON summary (docs/cli.md); fields in a fixed order.</summary>
    public static string ToJson(RunResult result, ReplayFacts? replay = null)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            WriteScenarioSeedDefects(json, result.Scenario, result.Seed, result.Defects);
            json.WriteString("outcome", result.Outcome == RunOutcome.Passed ? "passed" : "failed");
            json.WriteString("versionStatus", result.VersionStatus);
            WriteViolations(json, result.Violations);
            json.WriteStartArray("expectationFailures");
            foreach (var failure in result.ExpectationFailures)
            {
                json.WriteStringValue(failure);
            }

            json.WriteEndArray();
            json.WriteNumber("steps", result.Steps);
            json.WriteNumber("simTimeMs", result.SimTimeMs);
            json.WriteString("traceSha256", result.TraceSha256);
            json.WriteStartArray("unfiredFaults");
            foreach (var unfired in result.UnfiredFaults)
            {
                json.WriteStartObject();
                json.WriteString("fault", unfired.Fault.ToString());
                json.WriteString("reason", unfired.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (replay is not null)
            {
                json.WriteString("recordedTraceSha256", replay.RecordedTraceSha256);
                json.WriteBoolean("reproduced", replay.Reproduced);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The `violations` array of a --json line: `{invariant, message, simTimeMs, step, actor}` each.</summary>
    /// <summary>The fields every verb's JSON summary starts with: <c>scenario</c>, <c>seed</c>, <c>defects</c>.</summary>
    public static void WriteScenarioSeedDefects(Utf8JsonWriter json, string scenario, long seed, IReadOnlyList<string> defects)
    {
        json.WriteString("scenario", scenario);
        json.WriteNumber("seed", seed);
        json.WriteStartArray("defects");
        foreach (var defect in defects) json.WriteStringValue(defect);
        json.WriteEndArray();
    }

    public static void WriteViolations(Utf8JsonWriter json, IEnumerable<Violation> violations)
    {
        json.WriteStartArray("violations");
        foreach (var violation in violations)
        {
            json.WriteStartObject();
            json.WriteString("invariant", violation.Invariant);
            json.WriteString("message", violation.Message);
            json.WriteNumber("simTimeMs", violation.SimTimeMs);
            json.WriteNumber("step", violation.Step);
            json.WriteString("actor", violation.Actor);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string FormatSimTime(long simTimeMs) =>
        $"{(simTimeMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)} s ({simTimeMs.ToString(CultureInfo.InvariantCulture)} ms)";
}
