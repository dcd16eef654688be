using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Messages;

namespace Venice.Sim.Tests.Scenarios;

/// <summary>Whatever the text, the scenario loader answers with a scenario or a located error, never an exception.</summary>
[TestFixture]
public sealed class ScenarioLoaderProperties
{
    private static readonly string[] ExampleLines = ScenarioTexts.DesignExample.Split('\n');

    /// <summary>YAML's structural characters, so random text reaches flow collections, anchors and tags.</summary>
    private static readonly Gen<string> YamlSoup =
        Gen.ArrayOf(Gen.OneOf(
                Gen.Elements("{", "}", "[", "]", ":", ",", "-", " ", "  ", "\n", "\t", "#", "&a", "*a", "!!str", "'", "\"", "|", ">", "?", "%YAML 1.2", "---", "..."),
                Gen.Elements("name", "seed", "cluster", "servers", "faults", "at", "4s", "crash", "server-1", "-1", "1e9", "99999999999999999999"),
                CodecGenerators.Text))
            .Select(parts => string.Concat(parts));

    /// <summary>The design example with lines dropped, repeated, swapped or edited.</summary>
    private static readonly Gen<string> EditedExample =
        from edits in Gen.ArrayOf(
            from line in Gen.Choose(0, ExampleLines.Length - 1)
            from kind in Gen.Choose(0, 3)
            from text in YamlSoup
            select (line, kind, text))
        select Apply(edits);

    [Test]
    public void Any_text_loads_as_a_scenario_or_a_located_error_and_never_throws()
    {
        Prop.ForAll(Arb.From(Gen.OneOf(CodecGenerators.Text, YamlSoup)), text => LoadsAsScenarioOrError(text))
            .Verify(maxTest: 500);
    }

    [Test]
    public void Any_edit_of_a_valid_scenario_loads_as_a_scenario_or_a_located_error_and_never_throws()
    {
        Prop.ForAll(Arb.From(EditedExample), text => LoadsAsScenarioOrError(text)).Verify(maxTest: 500);
    }

    private static bool LoadsAsScenarioOrError(string text)
    {
        ScenarioLoadResult result = ScenarioLoader.Parse(text, "fuzz.yaml");
        if (result.Succeeded) return result.Error is null;
        // Text in hand was readable, so an error is somewhere in it (line 0 is kept for unreadable files).
        int lines = text.Count(c => c == '\n') + 1;
        return result.Error is { Line: >= 0, Column: >= 0 } error && error.Line <= lines + 1;
    }

    private static string Apply((int Line, int Kind, string Text)[] edits)
    {
        var lines = ExampleLines.ToList();
        foreach (var (line, kind, text) in edits)
        {
            int at = line % lines.Count;
            switch (kind)
            {
                case 0: lines.RemoveAt(at); break;
                case 1: lines.Insert(at, lines[at]); break;
                case 2: (lines[at], lines[^1]) = (lines[^1], lines[at]); break;
                default: lines[at] = lines[at][..(text.Length % (lines[at].Length + 1))] + text; break;
            }
            if (lines.Count == 0) lines.Add("");
        }
        return string.Join('\n', lines);
    }
}
