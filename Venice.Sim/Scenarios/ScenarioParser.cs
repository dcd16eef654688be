using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using Venice.Sim.Model;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Walks one scenario document. Sections are read in dependency order (cluster and store before
/// faults, phases before faults) whatever order the file lists them in, so cross-checks such as
/// "server-N exists" can point at the exact node.
/// </summary>
internal sealed partial class ScenarioParser(string sourcePath, ScenarioLoadOptions options)
{
    private static readonly string[] TopLevelKeys =
        ["name", "description", "seed", "cluster", "store", "moreStores", "pushes", "storage", "log", "config", "faults", "random", "defects", "phases", "expect", "schedule"];

    private static readonly string[] ClusterKeys = ["servers", "partitions", "replicationFactor"];
    private static readonly string[] StoreKeys = ["name", "kind", "push", "realtime", "retention"];
    private static readonly string[] MoreStoreKeys = ["name", "kind", "partitions", "replicationFactor", "push", "realtime", "retention"];
    private static readonly string[] LaterPushKeys = ["store", "version", "at", "records", "keys", "valueBytes"];

    /// <summary>The most versions a store may keep (`retention:`).</summary>
    private const int MaxRetention = 100;
    private static readonly string[] StoreKinds = ["batch", "hybrid"];
    private static readonly string[] PushKeys = ["records", "keys", "valueBytes"];
    private static readonly string[] RealtimeKeys = ["records", "ratePerSecond", "keys", "valueBytes"];
    private static readonly string[] RandomKeys = ["crashes", "sessionExpiries", "pauses", "isolations", "placement", "aimAt"];
    private static readonly string[] Placements = ["milestones", "time"];

    /// <summary>The milestone names `random.aimAt` takes: each <see cref="MilestoneKind"/> in camelCase, as `when:` spells them.</summary>
    private static readonly string[] MilestoneNames =
        [.. Enum.GetValues<MilestoneKind>().Select(kind => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..])];
    private static readonly string[] PhasesKeys = ["faultsUntil", "settleWithin"];
    private static readonly string[] ExpectKeys = ["versionStatus", "violations"];
    private static readonly string[] StorageKinds = ["memory", "rocksdb"];
    private static readonly string[] LogKinds = ["memory", "file"];

    private readonly YamlReader reader = new(sourcePath);

    public Scenario ParseStream(YamlStream stream)
    {
        if (stream.Documents.Count == 0)
        {
            throw reader.Error(
                new YamlDotNet.Core.Mark(0, 1, 1),
                $"the file is empty; expected a scenario mapping with keys: {string.Join(", ", TopLevelKeys)}");
        }

        if (stream.Documents.Count > 1)
        {
            throw reader.Error(stream.Documents[1].RootNode, "a scenario file holds exactly one YAML document; remove the extra '---'");
        }

        return ParseRoot(stream.Documents[0].RootNode);
    }

    private Scenario ParseRoot(YamlNode root)
    {
        var top = reader.Mapping(root, "the scenario", TopLevelKeys);

        var name = reader.String(top.Required("name"), "name");
        if (!KebabCase().IsMatch(name))
        {
            throw reader.Error(top.Required("name"), $"name '{name}' must be kebab-case (lowercase letters and digits separated by single '-'), e.g. leader-crash-mid-push");
        }

        var description = reader.String(top.Required("description"), "description");
        var seed = top.Optional("seed") is { } seedNode ? reader.Long(seedNode, "seed") : 1L;
        var cluster = ParseCluster(top.Required("cluster", "cluster: { servers: 3, partitions: 4, replicationFactor: 3 }"));
        var store = ParseStore(top.Required("store"), "store", StoreKeys);
        var moreStores = top.Optional("moreStores") is { } moreNode ? ParseMoreStores(moreNode, cluster, store) : [];
        var storeNames = new[] { store.Name }.Concat(moreStores.Select(s => s.Name)).ToArray();
        var pushes = top.Optional("pushes") is { } pushesNode ? ParsePushes(pushesNode, storeNames) : [];
        CheckScenarioBytes(top.Optional("pushes") ?? top.Optional("moreStores"), [store, .. moreStores], pushes);
        var config = top.Optional("config") is { } configNode ? ParseConfig(configNode) : [];
        var random = top.Optional("random") is { } randomNode ? ParseRandom(randomNode, store) : RandomFaultSpec.None;
        var defects = top.Optional("defects") is { } defectsNode
            ? ParseNameList(defectsNode, "defects", "defect", options.Defects)
            : [];
        var phases = top.Optional("phases") is { } phasesNode ? ParsePhases(phasesNode) : PhasesSpec.Default;
        var expect = top.Optional("expect") is { } expectNode
            ? ParseExpect(expectNode)
            : new ExpectSpec("ONLINE", []);
        var faults = top.Optional("faults") is { } faultsNode
            ? new FaultParser(reader, cluster, store, phases, storeNames).ParseList(faultsNode)
            : [];

        var schedule = top.Optional("schedule") is { } scheduleNode ? new ScheduleParser(reader).ParseList(scheduleNode) : null;

        return new Scenario(name, description, seed, cluster, store, config, faults, random, defects, phases, expect, sourcePath)
        {
            MoreStores = moreStores,
            Pushes = pushes,
            Schedule = schedule,
            Storage = ParseStorage(top.Optional("storage")),
            Log = ParseLog(top.Optional("log")),
        };
    }

    /// <summary>`log: memory | file`, where the log keeps its records; in memory when absent.</summary>
    private ScenarioLog ParseLog(YamlNode? node) =>
        node is null ? ScenarioLog.Memory
        : reader.OneOf(node, "log", LogKinds) == "file" ? ScenarioLog.File
        : ScenarioLog.Memory;

    /// <summary>`storage: memory | rocksdb`, the engine of every server; in memory when absent.</summary>
    private ScenarioStorage ParseStorage(YamlNode? node) =>
        node is null ? ScenarioStorage.Memory
        : reader.OneOf(node, "storage", StorageKinds) == "rocksdb" ? ScenarioStorage.RocksDb
        : ScenarioStorage.Memory;

    private ClusterSpec ParseCluster(YamlNode node)
    {
        var cluster = reader.Mapping(node, "cluster", ClusterKeys);
        var servers = reader.Int(cluster.Required("servers"), "cluster.servers", 1, ScenarioLimits.MaxServers);
        var partitions = reader.Int(cluster.Required("partitions"), "cluster.partitions", 1, ScenarioLimits.MaxPartitions);
        var replicationFactorNode = cluster.Required("replicationFactor");
        var replicationFactor = reader.Int(replicationFactorNode, "cluster.replicationFactor", 1, ScenarioLimits.MaxServers);
        if (replicationFactor > servers)
        {
            throw reader.Error(
                replicationFactorNode,
                $"cluster.replicationFactor ({replicationFactor.ToString(CultureInfo.InvariantCulture)}) cannot exceed cluster.servers ({servers.ToString(CultureInfo.InvariantCulture)})");
        }

        return new ClusterSpec(servers, partitions, replicationFactor);
    }

    /// <summary>`moreStores:`: further stores on the same servers, each a store mapping that may set its own partitions and replication factor.</summary>
    private StoreSpec[] ParseMoreStores(YamlNode node, ClusterSpec cluster, StoreSpec first)
    {
        var list = reader.Sequence(node, "moreStores");
        CheckCount(list, "moreStores", ScenarioLimits.MaxMoreStores);
        var result = new List<StoreSpec>();
        var names = new List<string> { first.Name };
        for (int i = 0; i < list.Children.Count; i++)
        {
            string context = $"moreStores[{i.ToString(CultureInfo.InvariantCulture)}]";
            var item = list.Children[i];
            var spec = ParseStore(item, context, MoreStoreKeys);
            var map = reader.Mapping(item, context, MoreStoreKeys);
            if (names.Contains(spec.Name, StringComparer.Ordinal))
            {
                throw reader.Error(map.Required("name"), $"{context}.name: store '{spec.Name}' is already in the scenario; store names must be distinct");
            }

            names.Add(spec.Name);
            int? partitions = map.Optional("partitions") is { } p ? reader.Int(p, $"{context}.partitions", 1, ScenarioLimits.MaxPartitions) : null;
            int? replicationFactor = null;
            if (map.Optional("replicationFactor") is { } rfNode)
            {
                replicationFactor = reader.Int(rfNode, $"{context}.replicationFactor", 1, ScenarioLimits.MaxServers);
                if (replicationFactor > cluster.Servers)
                {
                    throw reader.Error(rfNode, $"{context}.replicationFactor ({replicationFactor.Value.ToString(CultureInfo.InvariantCulture)}) cannot exceed cluster.servers ({cluster.Servers.ToString(CultureInfo.InvariantCulture)})");
                }
            }

            result.Add(spec with { Partitions = partitions, ReplicationFactor = replicationFactor });
        }

        return result.ToArray();
    }

    /// <summary>
    /// `pushes:`: each store's pushes after its first (which is the store's `push:`), in order. A push names its
    /// store (the first store when omitted) and the version it creates, which must be the store's next one.
    /// </summary>
    private ScenarioPush[] ParsePushes(YamlNode node, IReadOnlyList<string> storeNames)
    {
        var list = reader.Sequence(node, "pushes");
        CheckCount(list, "pushes", ScenarioLimits.MaxLaterPushes);
        var result = new List<ScenarioPush>();
        var lastVersion = storeNames.ToDictionary(n => n, _ => 1, StringComparer.Ordinal);
        var lastStart = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < list.Children.Count; i++)
        {
            string context = $"pushes[{i.ToString(CultureInfo.InvariantCulture)}]";
            var push = reader.Mapping(list.Children[i], context, LaterPushKeys);
            string store = storeNames[0];
            if (push.Optional("store") is { } storeNode)
            {
                store = reader.String(storeNode, $"{context}.store");
                if (!storeNames.Contains(store, StringComparer.Ordinal))
                {
                    throw reader.Error(storeNode, $"{context}.store: no store named '{store}' in the scenario; expected one of: {string.Join(", ", storeNames)}");
                }
            }

            var versionNode = push.Required("version", "version: 2");
            int version = reader.Int(versionNode, $"{context}.version", 1);
            int expected = lastVersion[store] + 1;
            if (version != expected)
            {
                throw reader.Error(versionNode,
                    $"{context}.version: versions out of order; store '{store}' has versions 1..{lastVersion[store].ToString(CultureInfo.InvariantCulture)} so far (version 1 is its push:), so this push creates version {expected.ToString(CultureInfo.InvariantCulture)}, got {version.ToString(CultureInfo.InvariantCulture)}");
            }

            lastVersion[store] = version;
            long? at = null;
            if (push.Optional("at") is { } atNode)
            {
                at = reader.DurationMs(atNode, $"{context}.at");
                if (lastStart.TryGetValue(store, out long previous) && at < previous)
                {
                    throw reader.Error(atNode,
                        $"{context}.at ({at.Value.ToString(CultureInfo.InvariantCulture)}ms) is before the previous push of store '{store}' ({previous.ToString(CultureInfo.InvariantCulture)}ms); pushes start in version order");
                }

                lastStart[store] = at.Value;
            }

            var spec = new PushSpec(
                reader.Int(push.Required("records"), $"{context}.records", 0, ScenarioLimits.MaxRecords),
                reader.Int(push.Required("keys"), $"{context}.keys", 1, ScenarioLimits.MaxKeys),
                reader.Int(push.Required("valueBytes"), $"{context}.valueBytes", 0, ScenarioLimits.MaxValueBytes));
            CheckStoreBytes(push.Required("valueBytes"), context, (long)spec.Records * spec.ValueBytes);
            result.Add(new ScenarioPush(store, version, at, spec));
        }

        return result.ToArray();
    }

    private StoreSpec ParseStore(YamlNode node, string section, IReadOnlyList<string> keys)
    {
        var store = reader.Mapping(node, section, keys);
        var nameNode = store.Required("name");
        var name = reader.String(nameNode, $"{section}.name");
        if (!StoreName().IsMatch(name))
        {
            throw reader.Error(nameNode, $"{section}.name '{name}' may only contain letters, digits, '_' and '-'");
        }

        var kind = reader.OneOf(store.Required("kind"), $"{section}.kind", StoreKinds) == "hybrid" ? StoreKind.Hybrid : StoreKind.Batch;

        var pushMap = reader.Mapping(store.Required("push", "push: { records: 2000, keys: 500, valueBytes: 100 }"), $"{section}.push", PushKeys);
        var push = new PushSpec(
            reader.Int(pushMap.Required("records"), $"{section}.push.records", 0, ScenarioLimits.MaxRecords),
            reader.Int(pushMap.Required("keys"), $"{section}.push.keys", 1, ScenarioLimits.MaxKeys),
            reader.Int(pushMap.Required("valueBytes"), $"{section}.push.valueBytes", 0, ScenarioLimits.MaxValueBytes));
        CheckStoreBytes(pushMap.Required("valueBytes"), $"{section}.push", (long)push.Records * push.ValueBytes);

        RealtimeSpec? realtime = null;
        var realtimeNode = store.Optional("realtime");
        if (kind == StoreKind.Batch && realtimeNode is not null)
        {
            throw reader.Error(store.KeyMark("realtime"), $"{section}.realtime is only allowed for kind: hybrid (this store is batch)");
        }

        if (kind == StoreKind.Hybrid)
        {
            if (realtimeNode is null)
            {
                throw reader.Error(
                    store.Node,
                    "a hybrid store needs store.realtime, e.g. realtime: { records: 1000, ratePerSecond: 200, keys: 300, valueBytes: 100 }");
            }

            var realtimeMap = reader.Mapping(realtimeNode, $"{section}.realtime", RealtimeKeys);
            realtime = new RealtimeSpec(
                reader.Int(realtimeMap.Required("records"), $"{section}.realtime.records", 0, ScenarioLimits.MaxRecords),
                reader.Int(realtimeMap.Required("ratePerSecond"), $"{section}.realtime.ratePerSecond", 1, ScenarioLimits.MaxRatePerSecond),
                reader.Int(realtimeMap.Required("keys"), $"{section}.realtime.keys", 1, ScenarioLimits.MaxKeys),
                reader.Int(realtimeMap.Required("valueBytes"), $"{section}.realtime.valueBytes", 0, ScenarioLimits.MaxValueBytes));
            CheckStoreBytes(
                realtimeMap.Required("valueBytes"),
                $"{section}.push and {section}.realtime together",
                (long)push.Records * push.ValueBytes + (long)realtime.Records * realtime.ValueBytes);
        }

        int retention = store.Optional("retention") is { } retentionNode
            ? reader.Int(retentionNode, $"{section}.retention", 1, MaxRetention)
            : StoreDefinition.DefaultVersionsToPreserve;
        return new StoreSpec(name, kind, push, realtime) { Retention = retention };
    }

    /// <summary>A list of at most <paramref name="max"/> entries; the error points at the first entry beyond it.</summary>
    private void CheckCount(YamlSequenceNode list, string key, int max)
    {
        if (list.Children.Count > max)
        {
            throw reader.Error(list.Children[max],
                $"{key} has {list.Children.Count.ToString(CultureInfo.InvariantCulture)} entries; at most {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Every store's records and every later push's, bounded together: the simulated log keeps every value in memory.</summary>
    private void CheckScenarioBytes(YamlNode? where, IReadOnlyList<StoreSpec> stores, IReadOnlyList<ScenarioPush> pushes)
    {
        long bytes = stores.Sum(s => (long)s.Push.Records * s.Push.ValueBytes + (s.Realtime is { } rt ? (long)rt.Records * rt.ValueBytes : 0))
                     + pushes.Sum(p => (long)p.Push.Records * p.Push.ValueBytes);
        if (where is not null && bytes > ScenarioLimits.MaxScenarioBytes)
        {
            throw reader.Error(where,
                $"the scenario's stores and pushes together would hold {bytes.ToString(CultureInfo.InvariantCulture)} value bytes (records x valueBytes); at most {ScenarioLimits.MaxScenarioBytes.ToString(CultureInfo.InvariantCulture)} (2 GiB)");
        }
    }

    /// <summary>Records times value size, bounded because the simulated log keeps every value in memory.</summary>
    private void CheckStoreBytes(YamlNode valueBytesNode, string what, long bytes)
    {
        if (bytes > ScenarioLimits.MaxStoreBytes)
        {
            throw reader.Error(
                valueBytesNode,
                $"{what} would hold {bytes.ToString(CultureInfo.InvariantCulture)} value bytes (records x valueBytes); at most {ScenarioLimits.MaxStoreBytes.ToString(CultureInfo.InvariantCulture)} (1 GiB) fit a simulated store");
        }
    }

    private KeyValuePair<string, string>[] ParseConfig(YamlNode node)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (key, keyNode, valueNode) in reader.OpenMapping(node, "config"))
        {
            if (options.KnownConfigOptions is { } known && !known.Contains(key))
            {
                var expected = string.Join(", ", known.Order(StringComparer.Ordinal));
                throw reader.Error(keyNode, $"unknown config option '{key}'; expected one of: {expected}");
            }

            if (valueNode is not YamlScalarNode)
            {
                throw reader.Error(valueNode, $"config option '{key}' must have a single value, got {YamlReader.Describe(valueNode)}");
            }

            var value = reader.String(valueNode, $"config option '{key}'");
            if (options.CheckConfigValue?.Invoke(key, value) is { } problem)
            {
                throw reader.Error(valueNode, problem);
            }

            result.Add(new KeyValuePair<string, string>(key, value));
        }

        return result.ToArray();
    }

    private RandomFaultSpec ParseRandom(YamlNode node, StoreSpec store)
    {
        var random = reader.Mapping(node, "random", RandomKeys);
        int Count(string key) => random.Optional(key) is { } value ? reader.Int(value, $"random.{key}", 0, ScenarioLimits.MaxFaults) : 0;
        var placement = random.Optional("placement") is { } placementNode
            ? reader.OneOf(placementNode, "random.placement", Placements) == "time" ? RandomPlacement.Time : RandomPlacement.Milestones
            : RandomPlacement.Milestones;
        List<MilestoneKind>? aimAt = null;
        if (random.Optional("aimAt") is { } aimNode)
        {
            if (placement == RandomPlacement.Time)
            {
                throw reader.Error(random.KeyMark("aimAt"), "random.aimAt: placement is 'time', so no fault is aimed at a milestone; drop aimAt or the placement");
            }
            var list = reader.Sequence(aimNode, "random.aimAt");
            if (list.Children.Count == 0)
            {
                throw reader.Error(aimNode, $"random.aimAt is empty: name at least one milestone ({string.Join(", ", MilestoneNames)}), or leave it out for the default menu");
            }
            aimAt = new List<MilestoneKind>();
            for (int i = 0; i < list.Children.Count; i++)
            {
                string name = reader.OneOf(list.Children[i], $"random.aimAt[{i}]", MilestoneNames);
                var kind = Enum.GetValues<MilestoneKind>()[Array.IndexOf(MilestoneNames, name)];
                if (kind == MilestoneKind.TopicSwitchConsumed && store.Kind == StoreKind.Batch)
                {
                    throw reader.Error(list.Children[i], $"random.aimAt[{i}]: a batch store never consumes TOPIC_SWITCH, so this milestone cannot happen; make the store hybrid or pick another milestone");
                }
                aimAt.Add(kind);
            }
        }
        return new RandomFaultSpec(Count("crashes"), Count("sessionExpiries"), Count("pauses"), Count("isolations"), placement, aimAt);
    }

    private PhasesSpec ParsePhases(YamlNode node)
    {
        var phases = reader.Mapping(node, "phases", PhasesKeys);
        var faultsUntil = phases.Optional("faultsUntil") is { } faultsUntilNode
            ? reader.DurationMs(faultsUntilNode, "phases.faultsUntil")
            : PhasesSpec.Default.FaultsUntilMs;
        var settleWithin = phases.Optional("settleWithin") is { } settleNode
            ? reader.DurationMs(settleNode, "phases.settleWithin", minimumMs: 1)
            : PhasesSpec.Default.SettleWithinMs;
        return new PhasesSpec(faultsUntil, settleWithin);
    }

    private ExpectSpec ParseExpect(YamlNode node)
    {
        var expect = reader.Mapping(node, "expect", ExpectKeys);
        var versionStatus = expect.Optional("versionStatus") is { } statusNode
            ? reader.OneOf(statusNode, "expect.versionStatus", options.VersionStatuses.Names)
            : "ONLINE";
        var violations = expect.Optional("violations") is { } violationsNode
            ? ParseNameList(violationsNode, "expect.violations", "invariant", options.Invariants)
            : [];
        return new ExpectSpec(versionStatus, violations);
    }

    /// <summary>A list of distinct names from a catalog, kept in file order.</summary>
    private string[] ParseNameList(YamlNode node, string context, string noun, NameCatalog catalog)
    {
        var names = new List<string>();
        foreach (var item in reader.Sequence(node, context).Children)
        {
            var name = reader.String(item, $"an entry of {context}");
            if (!catalog.Contains(name))
            {
                throw reader.Error(item, $"unknown {noun} '{name}' in {context}; expected one of: {catalog.Describe()}");
            }

            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw reader.Error(item, $"{noun} '{name}' is listed twice in {context}");
            }

            names.Add(name);
        }

        return names.ToArray();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex StoreName();
}
