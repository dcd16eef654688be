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
        ["name", "description", "seed", "cluster", "store", "storage", "config", "faults", "random", "defects", "phases", "expect"];

    private static readonly string[] ClusterKeys = ["servers", "partitions", "replicationFactor"];
    private static readonly string[] StoreKeys = ["name", "kind", "push", "realtime"];
    private static readonly string[] StoreKinds = ["batch", "hybrid"];
    private static readonly string[] PushKeys = ["records", "keys", "valueBytes"];
    private static readonly string[] RealtimeKeys = ["records", "ratePerSecond", "keys", "valueBytes"];
    private static readonly string[] RandomKeys = ["crashes", "sessionExpiries", "pauses", "isolations"];
    private static readonly string[] PhasesKeys = ["faultsUntil", "settleWithin"];
    private static readonly string[] ExpectKeys = ["versionStatus", "violations"];
    private static readonly string[] StorageKinds = ["memory", "rocksdb"];

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
        var store = ParseStore(top.Required("store"));
        var config = top.Optional("config") is { } configNode ? ParseConfig(configNode) : [];
        var random = top.Optional("random") is { } randomNode ? ParseRandom(randomNode) : RandomFaultSpec.None;
        var defects = top.Optional("defects") is { } defectsNode
            ? ParseNameList(defectsNode, "defects", "defect", options.Defects)
            : [];
        var phases = top.Optional("phases") is { } phasesNode ? ParsePhases(phasesNode) : PhasesSpec.Default;
        var expect = top.Optional("expect") is { } expectNode
            ? ParseExpect(expectNode)
            : new ExpectSpec("ONLINE", []);
        var faults = top.Optional("faults") is { } faultsNode
            ? new FaultParser(reader, cluster, store, phases).ParseList(faultsNode)
            : [];

        return new Scenario(name, description, seed, cluster, store, config, faults, random, defects, phases, expect, sourcePath)
        {
            Storage = ParseStorage(top.Optional("storage")),
        };
    }

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

    private StoreSpec ParseStore(YamlNode node)
    {
        var store = reader.Mapping(node, "store", StoreKeys);
        var nameNode = store.Required("name");
        var name = reader.String(nameNode, "store.name");
        if (!StoreName().IsMatch(name))
        {
            throw reader.Error(nameNode, $"store.name '{name}' may only contain letters, digits, '_' and '-'");
        }

        var kind = reader.OneOf(store.Required("kind"), "store.kind", StoreKinds) == "hybrid" ? StoreKind.Hybrid : StoreKind.Batch;

        var pushMap = reader.Mapping(store.Required("push", "push: { records: 2000, keys: 500, valueBytes: 100 }"), "store.push", PushKeys);
        var push = new PushSpec(
            reader.Int(pushMap.Required("records"), "store.push.records", 0, ScenarioLimits.MaxRecords),
            reader.Int(pushMap.Required("keys"), "store.push.keys", 1, ScenarioLimits.MaxKeys),
            reader.Int(pushMap.Required("valueBytes"), "store.push.valueBytes", 0, ScenarioLimits.MaxValueBytes));
        CheckStoreBytes(pushMap.Required("valueBytes"), "store.push", (long)push.Records * push.ValueBytes);

        RealtimeSpec? realtime = null;
        var realtimeNode = store.Optional("realtime");
        if (kind == StoreKind.Batch && realtimeNode is not null)
        {
            throw reader.Error(store.KeyMark("realtime"), "store.realtime is only allowed for kind: hybrid (this store is batch)");
        }

        if (kind == StoreKind.Hybrid)
        {
            if (realtimeNode is null)
            {
                throw reader.Error(
                    store.Node,
                    "a hybrid store needs store.realtime, e.g. realtime: { records: 1000, ratePerSecond: 200, keys: 300, valueBytes: 100 }");
            }

            var realtimeMap = reader.Mapping(realtimeNode, "store.realtime", RealtimeKeys);
            realtime = new RealtimeSpec(
                reader.Int(realtimeMap.Required("records"), "store.realtime.records", 0, ScenarioLimits.MaxRecords),
                reader.Int(realtimeMap.Required("ratePerSecond"), "store.realtime.ratePerSecond", 1, ScenarioLimits.MaxRatePerSecond),
                reader.Int(realtimeMap.Required("keys"), "store.realtime.keys", 1, ScenarioLimits.MaxKeys),
                reader.Int(realtimeMap.Required("valueBytes"), "store.realtime.valueBytes", 0, ScenarioLimits.MaxValueBytes));
            CheckStoreBytes(
                realtimeMap.Required("valueBytes"),
                "store.push and store.realtime together",
                (long)push.Records * push.ValueBytes + (long)realtime.Records * realtime.ValueBytes);
        }

        return new StoreSpec(name, kind, push, realtime);
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

    private RandomFaultSpec ParseRandom(YamlNode node)
    {
        var random = reader.Mapping(node, "random", RandomKeys);
        int Count(string key) => random.Optional(key) is { } value ? reader.Int(value, $"random.{key}", 0, ScenarioLimits.MaxFaults) : 0;
        return new RandomFaultSpec(Count("crashes"), Count("sessionExpiries"), Count("pauses"), Count("isolations"));
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
