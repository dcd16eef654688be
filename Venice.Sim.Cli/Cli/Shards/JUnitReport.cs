using System.Globalization;
using System.Text;
using System.Xml;

namespace Venice.Sim.Cli;

/// <summary>One &lt;testcase&gt;: a seed's run, an explore shard, or a failure, with what CI shows beside it.</summary>
/// <param name="Failure">Null for a case that passed.</param>
/// <param name="FailureType">The failure's kind (<c>expectation</c>, <c>bug</c>, <c>missing-shard</c>).</param>
/// <param name="SystemOut">Facts for people (trace hash, steps, totals); null for none.</param>
internal sealed record JUnitCase(string Name, double Seconds, string? Failure, string FailureType, string? FailureText, string? SystemOut);

/// <summary>
/// JUnit XML, the format GitHub Actions reporters, GitLab, Jenkins and Azure DevOps show natively: one
/// &lt;testsuite&gt; for the results, its properties naming the tool version, scenario hash, shard and
/// range, and one &lt;testcase&gt; per seed (run) or per failure plus a summary case per shard
/// (explore, merge). docs/sharding.md#junit-xml.
/// </summary>
internal static class JUnitReport
{
    public static string ToText(ShardResults results, IReadOnlyList<JUnitCase> cases)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            int failures = cases.Count(c => c.Failure is not null);
            string tests = cases.Count.ToString(CultureInfo.InvariantCulture);
            string failed = failures.ToString(CultureInfo.InvariantCulture);
            string time = Seconds(results.ElapsedMs / 1000.0);
            string suite = $"venice-sim {results.Verb} {results.Scenario.Name}";

            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "venice-sim");
            xml.WriteAttributeString("tests", tests);
            xml.WriteAttributeString("failures", failed);
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("time", time);
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", suite);
            xml.WriteAttributeString("tests", tests);
            xml.WriteAttributeString("failures", failed);
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", "0");
            xml.WriteAttributeString("time", time);
            xml.WriteStartElement("properties");
            Property(xml, "tool.version", results.ToolVersion);
            Property(xml, "scenario.name", results.Scenario.Name);
            Property(xml, "scenario.path", results.Scenario.Path);
            Property(xml, "scenario.contentSha256", results.Scenario.ContentSha256);
            Property(xml, "defects", string.Join(",", results.Defects));
            foreach (var (key, value) in results.Parameters) Property(xml, key, value);
            Property(xml, "range", $"{results.Range.Unit} {results.Range.AsSeedRange}");
            Property(xml, "shards", $"{string.Join(",", results.Shards)} of {results.ShardCount.ToString(CultureInfo.InvariantCulture)}");
            Property(xml, "totals", $"{results.Totals.Runs} runs, {results.Totals.Passed} passed, {results.Totals.Failed} failed");
            xml.WriteEndElement();
            foreach (var testCase in cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", $"venice-sim.{results.Verb}.{results.Scenario.Name}");
                xml.WriteAttributeString("name", testCase.Name);
                xml.WriteAttributeString("time", Seconds(testCase.Seconds));
                if (testCase.Failure is { } message)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", message);
                    xml.WriteAttributeString("type", testCase.FailureType);
                    if (testCase.FailureText is { } text) xml.WriteString(text);
                    xml.WriteEndElement();
                }

                if (testCase.SystemOut is { } output) xml.WriteElementString("system-out", output);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A failing seed or iteration as a test case: its summary as the message, the reproduce command and violations as the text.</summary>
    public static JUnitCase ForFailure(ResultsFailure failure, double seconds, string? systemOut = null)
    {
        string name = failure.Iteration is { } iteration
            ? $"iteration {iteration.ToString(CultureInfo.InvariantCulture)} (seed {failure.Seed.ToString(CultureInfo.InvariantCulture)})"
            : $"seed {failure.Seed.ToString(CultureInfo.InvariantCulture)}";
        var text = new StringBuilder();
        text.Append("reproduce: ").Append(failure.Reproduce).Append('\n');
        foreach (var violation in failure.Violations)
        {
            text.Append("violation ").Append(violation.Invariant).Append(" at step ").Append(violation.Step.ToString(CultureInfo.InvariantCulture))
                .Append(", sim ").Append(violation.SimTimeMs.ToString(CultureInfo.InvariantCulture)).Append(" ms: ").Append(violation.Message).Append('\n');
        }

        foreach (var expectation in failure.ExpectationFailures) text.Append("expectation not met: ").Append(expectation).Append('\n');
        return new JUnitCase(name, seconds, failure.Summary, failure.Bug is null ? "expectation" : "bug", text.ToString(), systemOut);
    }

    /// <summary>
    /// The cases of results whose passing runs are not listed one by one (explore, merge): a summary
    /// case per shard, a case per failure, and a failing case per missing shard.
    /// </summary>
    public static IReadOnlyList<JUnitCase> SummaryCases(ShardResults results)
    {
        var cases = new List<JUnitCase>();
        foreach (int index in results.Shards)
        {
            var slice = new ShardSpec(index, results.ShardCount).SliceOf(results.Range.AsSeedRange);
            cases.Add(new JUnitCase(
                $"shard {index.ToString(CultureInfo.InvariantCulture)}/{results.ShardCount.ToString(CultureInfo.InvariantCulture)}: {results.Range.Unit}s {slice?.ToString() ?? "none"}",
                0, null, "", null, null));
        }

        cases.Add(new JUnitCase("totals", results.ElapsedMs / 1000.0, null, "", null,
            $"{results.Totals.Runs} runs, {results.Totals.Passed} passed, {results.Totals.Failed} failed"));
        foreach (var failure in results.Failures) cases.Add(ForFailure(failure, 0));
        foreach (int missing in results.MissingShards)
        {
            var slice = new ShardSpec(missing, results.ShardCount).SliceOf(results.Range.AsSeedRange);
            cases.Add(new JUnitCase(
                $"shard {missing.ToString(CultureInfo.InvariantCulture)}/{results.ShardCount.ToString(CultureInfo.InvariantCulture)} (missing)",
                0, $"no results for shard {missing}/{results.ShardCount}: {results.Range.Unit}s {slice?.ToString() ?? "none"} did not run", "missing-shard", null, null));
        }

        return cases;
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
