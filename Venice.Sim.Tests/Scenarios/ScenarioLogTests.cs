using Venice.Sim.Files;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Tests.Scenarios;

/// <summary>The `log:` key: whether a scenario's world keeps its log records in memory or in segment files.</summary>
public sealed class ScenarioLogTests
{
    private static Scenario Parse(string text)
    {
        var result = ScenarioLoader.Parse(text, "scenarios/x.yaml");
        Assert.That(result.Error, Is.Null, result.Error?.ToString());
        return result.Scenario!;
    }

    [Test]
    public void A_scenario_without_a_log_key_keeps_its_log_in_memory()
    {
        var scenario = Parse(ScenarioTexts.Minimal);

        Assert.That(scenario.Log, Is.EqualTo(ScenarioLog.Memory));
        Assert.That(scenario.ToSpec().FileLog, Is.Null);
    }

    [TestCase("memory", ScenarioLog.Memory)]
    [TestCase("file", ScenarioLog.File)]
    public void The_log_key_names_where_the_records_live(string value, ScenarioLog expected) =>
        Assert.That(Parse(ScenarioTexts.MinimalWith($"log: {value}\n")).Log, Is.EqualTo(expected));

    [Test]
    public void Log_file_gives_the_world_a_file_log_in_the_temporary_directory_deleted_after_the_run() =>
        Assert.That(Parse(ScenarioTexts.MinimalWith("log: file\n")).ToSpec().FileLog, Is.EqualTo(new FileLogOptions()));

    [Test]
    public void An_unknown_log_kind_is_reported_at_the_value_with_the_choices()
    {
        var result = ScenarioLoader.Parse(ScenarioTexts.MinimalWith("log: kafka\n"), "scenarios/x.yaml");

        Assert.That(result.Error?.ToString(), Is.EqualTo("scenarios/x.yaml:8:6: unknown value 'kafka' for log; expected one of: memory, file"));
    }
}
