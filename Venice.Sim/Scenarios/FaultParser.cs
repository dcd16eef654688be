using System.Globalization;
using System.Text.RegularExpressions;
using Venice.Core.Helix;
using Venice.Core.Reporting;
using YamlDotNet.RepresentationModel;
using Venice.Sim.Model;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Parses a scenario's `faults:` list straight into <see cref="Fault"/>s (docs/scenarios.md#faults). Faults
/// need the cluster, store and phases to check server names, partitions, topics, times and milestones, so
/// every mistake is reported at its node.
/// </summary>
internal sealed partial class FaultParser(YamlReader reader, ClusterSpec cluster, StoreSpec store, PhasesSpec phases,
    IReadOnlyList<string>? storeNames = null)
{
    private IReadOnlyList<string> StoreNames => storeNames ?? [store.Name];

    private static readonly string[] Actions =
    [
        "crash", "restart", "expireSession", "pause", "isolate", "heal",
        "loseRecord", "corruptRecord", "failProduce", "delayTransitions", "reorderTransitions", "moveLeader",
        "killPush",
    ];

    private static readonly string[] FaultKeys = ["at", "when", "after", "for", .. Actions];
    private static readonly string[] Topics = ["version", "realtime"];
    private static readonly string[] RecordFaultKeys = ["topic", "partition", "skip"];

    /// <summary>The most records a lost or corrupted record may let through first.</summary>
    public const int MaxSkipRecords = 1_000_000;
    private static readonly string[] FailProduceKeys = ["topic", "partition", "for"];
    private static readonly string[] ForKeys = ["for"];
    private static readonly string[] MoveLeaderKeys = ["partition"];
    private static readonly string[] RoleKeys = ["leader", "follower"];
    private static readonly string[] Roles = ["leader", "follower", "any"];

    /// <summary>Milestone keys (camelCase of <see cref="MilestoneKind"/>) and the narrowing keys each accepts.</summary>
    private static readonly (string Key, MilestoneKind Kind, string[] Keys)[] Milestones =
    [
        ("startOfPushWritten", MilestoneKind.StartOfPushWritten, ["occurrence"]),
        ("endOfPushWritten", MilestoneKind.EndOfPushWritten, ["occurrence"]),
        ("startOfPushConsumed", MilestoneKind.StartOfPushConsumed, ["partition", "role", "occurrence"]),
        ("endOfPushConsumed", MilestoneKind.EndOfPushConsumed, ["partition", "role", "occurrence"]),
        ("topicSwitchConsumed", MilestoneKind.TopicSwitchConsumed, ["partition", "role", "occurrence"]),
        ("promotionStarted", MilestoneKind.PromotionStarted, ["partition", "role", "occurrence"]),
        ("promotionCompleted", MilestoneKind.PromotionCompleted, ["partition", "role", "occurrence"]),
        ("checkpointWritten", MilestoneKind.CheckpointWritten, ["partition", "role", "occurrence"]),
        ("replicaDropped", MilestoneKind.ReplicaDropped, ["partition", "role", "occurrence"]),
        ("transitionDelivered", MilestoneKind.TransitionDelivered, ["partition", "role", "to", "occurrence"]),
        ("statusReported", MilestoneKind.StatusReported, ["partition", "role", "status", "occurrence"]),
        ("versionStatusChanged", MilestoneKind.VersionStatusChanged, ["status", "occurrence"]),
    ];

    public ScenarioFault[] ParseList(YamlNode node)
    {
        var list = reader.Sequence(node, "faults");
        if (list.Children.Count > ScenarioLimits.MaxFaults)
        {
            throw reader.Error(
                list.Children[ScenarioLimits.MaxFaults],
                $"faults holds {list.Children.Count.ToString(CultureInfo.InvariantCulture)} entries; at most {ScenarioLimits.MaxFaults.ToString(CultureInfo.InvariantCulture)} are allowed");
        }

        var faults = list.Children
            .Select((item, index) => ParseFault(item, $"faults[{index.ToString(CultureInfo.InvariantCulture)}]"))
            .ToArray();

        // Time faults in time order (a stable sort keeps file order for equal times); milestone faults after, in file order.
        return faults.OrderBy(f => f.Fault.Trigger is AtTime at ? at.Time : TimeSpan.MaxValue).ToArray();
    }

    private ScenarioFault ParseFault(YamlNode node, string context)
    {
        var fault = reader.Mapping(node, context, FaultKeys);
        var actions = fault.Entries.Where(entry => Actions.Contains(entry.Key, StringComparer.Ordinal)).ToArray();
        if (actions.Length == 0)
        {
            throw reader.Error(node, $"{context} has no action; expected exactly one of: {string.Join(", ", Actions)}");
        }

        if (actions.Length > 1)
        {
            throw reader.Error(
                fault.KeyMark(actions[1].Key),
                $"{context} has more than one action ('{actions[0].Key}' and '{actions[1].Key}'); write one fault per list entry");
        }

        var (action, value) = (actions[0].Key, actions[0].Value);
        var result = ParseAction(fault, node, context, action, value);
        return new ScenarioFault(result with { Trigger = ParseTrigger(fault, node, context) }, (int)node.Start.Line, (int)node.Start.Column);
    }

    private FaultTrigger ParseTrigger(MappingReader fault, YamlNode node, string context)
    {
        if (fault.Has("at") && fault.Has("when"))
        {
            throw reader.Error(fault.KeyMark("when"), $"{context} has both 'at' and 'when'; a fault fires at a time or at a milestone, not both");
        }

        if (fault.Optional("when") is { } whenNode)
        {
            var delay = fault.Optional("after") is { } afterNode ? reader.DurationMs(afterNode, $"{context}.after") : 0;
            return new AtMilestone(ParseMilestone(whenNode, $"{context}.when"), TimeSpan.FromMilliseconds(delay));
        }

        if (fault.Has("after"))
        {
            throw reader.Error(fault.KeyMark("after"), $"{context}: 'after' is the delay after a milestone and needs 'when'; with 'at', add the delay to the time");
        }

        var atNode = fault.Optional("at") ?? throw reader.Error(
            node, $"{context} needs 'at' (a sim time) or 'when' (a milestone), e.g. {{ at: 4s, crash: server-1 }}");
        var atMs = reader.DurationMs(atNode, $"{context}.at");
        if (atMs > phases.FaultsUntilMs)
        {
            throw reader.Error(
                atNode,
                $"{context}.at ({atMs.ToString(CultureInfo.InvariantCulture)}ms) is after phases.faultsUntil ({phases.FaultsUntilMs.ToString(CultureInfo.InvariantCulture)}ms); faults only happen in the fault phase");
        }

        return new AtTime(TimeSpan.FromMilliseconds(atMs));
    }

    private Fault ParseAction(MappingReader fault, YamlNode node, string context, string action, YamlNode value)
    {
        var actionContext = $"{context}.{action}";
        switch (action)
        {
            case "crash":
            case "restart":
            case "expireSession":
                RejectOuterFor(fault, context, action, "only pause and isolate take 'for'");
                var server = Server(value, actionContext);
                return action switch
                {
                    "crash" => Fault.Crash(server),
                    "restart" => Fault.Restart(server),
                    _ => Fault.ExpireSession(server),
                };

            case "pause":
            case "isolate":
            {
                var forNode = fault.Optional("for") ?? throw reader.Error(
                    node,
                    $"{context}: {action} needs 'for' (how long), e.g. {{ at: 8s, {action}: server-0, for: 20s }}");
                var target = Server(value, actionContext);
                var duration = TimeSpan.FromMilliseconds(reader.DurationMs(forNode, $"{context}.for", minimumMs: 1));
                return action == "pause" ? Fault.Pause(target, duration) : Fault.Isolate(target, duration);
            }

            case "heal":
                RejectOuterFor(fault, context, action, "a heal ends every fault in effect at once");
                if (value is not YamlScalarNode { Value: null or "" })
                {
                    throw reader.Error(value, $"{actionContext} takes no value, got {YamlReader.Describe(value)}; write {{ at: 30s, heal }}");
                }

                return Fault.Heal();

            case "loseRecord":
            case "corruptRecord":
            {
                RejectOuterFor(fault, context, action, "a lost or corrupt record is a single event");
                var target = reader.Mapping(value, actionContext, RecordFaultKeys);
                var topic = Topic(target.Required("topic"), $"{actionContext}.topic");
                var partition = Partition(target.Required("partition"), $"{actionContext}.partition");
                int skip = target.Optional("skip") is { } skipNode ? reader.Int(skipNode, $"{actionContext}.skip", 0, MaxSkipRecords) : 0;
                return action == "loseRecord" ? Fault.LoseRecord(store.Name, partition, topic, skip) : Fault.CorruptRecord(store.Name, partition, topic, skip);
            }

            case "failProduce":
            {
                RejectOuterFor(fault, context, action, "put it inside: failProduce: { topic: version, partition: 0, for: 2s }");
                var target = reader.Mapping(value, actionContext, FailProduceKeys);
                TimeSpan? duration = target.Optional("for") is { } failForNode
                    ? TimeSpan.FromMilliseconds(reader.DurationMs(failForNode, $"{actionContext}.for", minimumMs: 1))
                    : null;
                return Fault.DuplicateRecord(
                    store.Name,
                    Partition(target.Required("partition"), $"{actionContext}.partition"),
                    Topic(target.Required("topic"), $"{actionContext}.topic"),
                    duration);
            }

            case "delayTransitions":
            case "reorderTransitions":
            {
                RejectOuterFor(fault, context, action, $"put it inside: {action}: {{ for: 5s }}");
                var target = reader.Mapping(value, actionContext, ForKeys);
                var duration = TimeSpan.FromMilliseconds(
                    reader.DurationMs(target.Required("for", $"{action}: {{ for: 5s }}"), $"{actionContext}.for", minimumMs: 1));
                return action == "delayTransitions" ? Fault.DelayTransitions(duration) : Fault.ReorderTransitions(duration);
            }

            case "killPush":
            {
                RejectOuterFor(fault, context, action, "killing a push is a single event");
                var name = value is YamlScalarNode { Value: null or "" } ? store.Name : reader.String(value, actionContext);
                if (!StoreNames.Contains(name, StringComparer.Ordinal))
                {
                    throw reader.Error(value, $"{actionContext}: no store named '{name}'; expected one of: {string.Join(", ", StoreNames)}");
                }

                return Fault.KillPush(name);
            }

            default:
            {
                RejectOuterFor(fault, context, action, "moving a leader is a single event");
                var target = reader.Mapping(value, actionContext, MoveLeaderKeys);
                return Fault.MoveLeader(store.Name, Partition(target.Required("partition", "moveLeader: { partition: 0 }"), $"{actionContext}.partition"));
            }
        }
    }

    private Milestone ParseMilestone(YamlNode node, string context)
    {
        var keys = Milestones.Select(m => m.Key).ToArray();
        var entries = reader.Mapping(node, context, keys).Entries;
        if (entries.Count != 1)
        {
            throw reader.Error(node, $"{context} names exactly one milestone, e.g. when: {{ endOfPushConsumed: {{ partition: 0, role: leader }} }}; expected one of: {string.Join(", ", keys)}");
        }

        var (key, value) = (entries[0].Key, entries[0].Value);
        var (_, kind, allowed) = Milestones.Single(m => m.Key == key);
        var milestoneContext = $"{context}.{key}";
        // A milestone with nothing to narrow it may be written bare: { when: { endOfPushWritten: }, ... }.
        var narrowing = value is YamlScalarNode { Value: null or "" } ? [] : reader.Mapping(value, milestoneContext, allowed).Entries;
        var milestone = MilestoneOf(kind) with { Store = store.Name };
        foreach (var (name, item) in narrowing)
        {
            var itemContext = $"{milestoneContext}.{name}";
            milestone = name switch
            {
                "partition" => milestone with { Partition = Partition(item, itemContext) },
                "role" => milestone with { Role = reader.OneOf(item, itemContext, Roles) switch { "leader" => ReplicaRole.Leader, "follower" => ReplicaRole.Follower, _ => ReplicaRole.Any } },
                "occurrence" => milestone with { Occurrence = reader.Int(item, itemContext, 1, ScenarioLimits.MaxOccurrence) },
                "to" => milestone with { TargetState = Enum.Parse<HelixState>(reader.OneOf(item, itemContext, Enum.GetNames<HelixState>())) },
                _ => milestone with { Status = reader.OneOf(item, itemContext, kind == MilestoneKind.VersionStatusChanged ? Enum.GetNames<VersionStatus>() : Enum.GetNames<ExecutionStatus>()) },
            };
        }

        bool topicSwitch = kind == MilestoneKind.TopicSwitchConsumed || milestone.Status == nameof(ExecutionStatus.TOPIC_SWITCH_RECEIVED);
        if (topicSwitch && store.Kind != StoreKind.Hybrid)
        {
            throw reader.Error(node, $"{milestoneContext}: a batch store never consumes TOPIC_SWITCH, so this milestone cannot happen; make the store hybrid or pick another milestone");
        }

        return milestone;
    }

    /// <summary>A milestone of the kind with no narrowing but the defaults (role Any: a scenario names the role it means).</summary>
    private static Milestone MilestoneOf(MilestoneKind kind) => kind switch
    {
        MilestoneKind.StartOfPushWritten => Milestone.StartOfPushWritten(""),
        MilestoneKind.EndOfPushWritten => Milestone.EndOfPushWritten(""),
        MilestoneKind.StartOfPushConsumed => Milestone.StartOfPushConsumed("", 0) with { Partition = null },
        MilestoneKind.EndOfPushConsumed => Milestone.EndOfPushConsumed("", 0) with { Partition = null, Role = ReplicaRole.Any },
        MilestoneKind.TopicSwitchConsumed => Milestone.TopicSwitchConsumed("", 0) with { Partition = null, Role = ReplicaRole.Any },
        MilestoneKind.PromotionStarted => Milestone.PromotionStarted("", 0) with { Partition = null },
        MilestoneKind.PromotionCompleted => Milestone.PromotionCompleted("", 0) with { Partition = null },
        MilestoneKind.CheckpointWritten => Milestone.CheckpointWritten("", 0) with { Partition = null },
        MilestoneKind.ReplicaDropped => Milestone.ReplicaDropped(""),
        MilestoneKind.TransitionDelivered => Milestone.TransitionDelivered("", HelixState.STANDBY) with { TargetState = null },
        MilestoneKind.StatusReported => Milestone.StatusReported("", ExecutionStatus.STARTED) with { Status = null },
        _ => Milestone.VersionStatusChanged("", VersionStatus.ONLINE) with { Status = null },
    };

    private void RejectOuterFor(MappingReader fault, string context, string action, string hint)
    {
        if (fault.Has("for"))
        {
            throw reader.Error(fault.KeyMark("for"), $"{context}: 'for' is not allowed with {action}; {hint}");
        }
    }

    /// <summary>A server: <c>server-N</c> with N below cluster.servers, or a role <c>{ leader: P }</c> / <c>{ follower: P }</c> resolved when the fault fires.</summary>
    private ServerTarget Server(YamlNode node, string context)
    {
        if (node is YamlMappingNode)
        {
            var role = reader.Mapping(node, context, RoleKeys);
            if (role.Entries.Count != 1)
            {
                throw reader.Error(node, $"{context} names one role, e.g. {{ leader: 0 }} or {{ follower: 0 }}");
            }

            var (key, value) = (role.Entries[0].Key, role.Entries[0].Value);
            int partition = Partition(value, $"{context}.{key}");
            return key == "leader" ? ServerTarget.LeaderOf(store.Name, partition) : ServerTarget.FollowerOf(store.Name, partition);
        }

        var last = (cluster.Servers - 1).ToString(CultureInfo.InvariantCulture);
        var expected = cluster.Servers == 1 ? "server-0" : $"server-0 .. server-{last}";
        var text = reader.String(node, context);
        var match = ServerReference().Match(text);
        if (!match.Success ||
            !int.TryParse(match.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw reader.Error(node, $"expected a server for {context} ({expected}, or {{ leader: P }} / {{ follower: P }}), got '{text}'");
        }

        if (index >= cluster.Servers)
        {
            throw reader.Error(node, $"{context}: there is no {text}; the cluster has {cluster.Servers.ToString(CultureInfo.InvariantCulture)} server(s): {expected}");
        }

        return index;
    }

    private int Partition(YamlNode node, string context) =>
        reader.Int(node, context, 0, cluster.Partitions - 1);

    private TopicKind Topic(YamlNode node, string context)
    {
        var topic = reader.OneOf(node, context, Topics);
        if (topic == "realtime" && store.Kind != StoreKind.Hybrid)
        {
            throw reader.Error(node, $"{context}: a batch store has no realtime topic; use topic: version or make the store hybrid");
        }

        return topic == "realtime" ? TopicKind.RealTime : TopicKind.Version;
    }

    [GeneratedRegex("^server-(?<index>0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerReference();
}
