using System.Globalization;
using YamlDotNet.RepresentationModel;
using Venice.Sim.Model;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Reads a scenario's `schedule:` (docs/scenarios.md#schedule): a list of <c>{ step: N, choose: K }</c>,
/// steps strictly increasing. Its own type so the scenario parser only hands it the node.
/// </summary>
internal sealed class ScheduleParser(YamlReader reader)
{
    private static readonly string[] EntryKeys = ["step", "choose"];

    public IReadOnlyList<ScheduleDecision> ParseList(YamlNode node)
    {
        var entries = reader.Sequence(node, "schedule").Children;
        if (entries.Count > ScenarioLimits.MaxScheduleDecisions)
        {
            throw reader.Error(node, $"schedule has {entries.Count.ToString(CultureInfo.InvariantCulture)} entries; at most {ScenarioLimits.MaxScheduleDecisions.ToString(CultureInfo.InvariantCulture)}");
        }

        var decisions = new List<ScheduleDecision>(entries.Count);
        foreach (var entryNode in entries)
        {
            var entry = reader.Mapping(entryNode, "a schedule entry", EntryKeys);
            var stepNode = entry.Required("step", "{ step: 120, choose: 1 }");
            long step = reader.Long(stepNode, "schedule step", 0, ScenarioLimits.MaxScheduleStep);
            int choose = reader.Int(entry.Required("choose", "{ step: 120, choose: 1 }"), "schedule choose", 0, ScenarioLimits.MaxScheduleChoice);
            if (decisions.Count > 0 && step <= decisions[^1].Step)
            {
                throw reader.Error(stepNode,
                    $"schedule step {step.ToString(CultureInfo.InvariantCulture)} must be greater than the previous entry's step {decisions[^1].Step.ToString(CultureInfo.InvariantCulture)} (entries are in step order, one per step)");
            }

            decisions.Add(new ScheduleDecision(step, choose));
        }

        return decisions;
    }
}
