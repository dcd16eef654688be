using System.Globalization;
using Venice.Core.Controller;
using Venice.Core.Ingestion;
using Venice.Core.Messages;

namespace Venice.Sim.Running;

/// <summary>
/// Applies a scenario's `config:` overrides. Names are Venice's config names where Venice has one
/// (docs/options.md lists them with their defaults and what the model does with them); the few
/// simulator-only knobs say so in their names' absence of a Venice prefix. Each entry parses its
/// value, applies it and describes the effective value for the trace header.
/// </summary>
public static class OptionsBinder
{
    /// <summary>Everything a scenario can set: server options, the push strategy and the store's hybrid settings.</summary>
    public record struct Settings(IngestionOptions Options, PushStrategy Strategy, long OffsetLagThresholdToGoOnline, long RewindTimeMs)
    {
        public static Settings Defaults => new(IngestionOptions.Defaults, PushStrategy.WaitNMinusOne,
            new StoreConfig("defaults", false).OffsetLagThresholdToGoOnline, new StoreConfig("defaults", false).RewindTimeMs);
    }

    private sealed record Entry(string Expected, Func<string, Settings, Settings?> Apply, Func<Settings, string> Describe);

    private static Func<string, Settings, Settings?> Long(long min, Func<Settings, long, Settings> set) => (text, s) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n >= min ? set(s, n) : null;

    private static Func<string, Settings, Settings?> Bool(Func<Settings, bool, Settings> set) => (text, s) =>
        text switch { "true" => set(s, true), "false" => set(s, false), _ => null };

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static readonly SortedDictionary<string, Entry> Table = new(StringComparer.Ordinal)
    {
        ["checksum"] = new("one of none, md5, crc32, adhash", (v, s) => v switch
        {
            "none" => s with { Options = s.Options with { Checksum = ChecksumType.None } },
            "md5" => s with { Options = s.Options with { Checksum = ChecksumType.Md5 } },
            "crc32" => s with { Options = s.Options with { Checksum = ChecksumType.Crc32 } },
            "adhash" => s with { Options = s.Options with { Checksum = ChecksumType.AdHash } },
            _ => null,
        }, s => s.Options.Checksum.ToString().ToLowerInvariant()),
        ["server.promotion.to.leader.replica.delay.seconds"] = new("whole seconds >= 0",
            Long(0, (s, n) => s with { Options = s.Options with { PromotionDelayMs = n * 1000 } }),
            s => I(s.Options.PromotionDelayMs / 1000)),
        ["server.system.store.promotion.to.leader.replica.delay.seconds"] = new("whole seconds >= 0",
            Long(0, (s, n) => s with { Options = s.Options with { SystemStorePromotionDelayMs = n * 1000 } }),
            s => I(s.Options.SystemStorePromotionDelayMs / 1000)),
        ["server.leader.handover.use.dol.mechanism.for.user.stores"] = new("true or false",
            Bool((s, b) => s with { Options = s.Options with { UseDeclarationOfLeadership = b } }),
            s => s.Options.UseDeclarationOfLeadership ? "true" : "false"),
        ["leader.handover.dol.timeout.seconds"] = new("whole seconds >= 0",
            Long(0, (s, n) => s with { Options = s.Options with { DeclarationOfLeadershipTimeoutMs = n * 1000 } }),
            s => I(s.Options.DeclarationOfLeadershipTimeoutMs / 1000)),
        ["server.database.sync.bytes.interval.for.transactional.mode"] = new("a byte count > 0",
            Long(1, (s, n) => s with { Options = s.Options with { SyncBytesInterval = n } }),
            s => I(s.Options.SyncBytesInterval)),
        ["default.offline.push.strategy"] = new("WAIT_N_MINUS_ONE or WAIT_ALL", (v, s) => v switch
        {
            "WAIT_N_MINUS_ONE" => s with { Strategy = PushStrategy.WaitNMinusOne },
            "WAIT_ALL" => s with { Strategy = PushStrategy.WaitAll },
            _ => null,
        }, s => s.Strategy == PushStrategy.WaitAll ? "WAIT_ALL" : "WAIT_N_MINUS_ONE"),
        ["hybrid.offset.lag.threshold.to.go.online"] = new("a record count >= 0",
            Long(0, (s, n) => s with { OffsetLagThresholdToGoOnline = n }), s => I(s.OffsetLagThresholdToGoOnline)),
        ["hybrid.rewind.seconds"] = new("whole seconds >= 0",
            Long(0, (s, n) => s with { RewindTimeMs = n * 1000 }), s => I(s.RewindTimeMs / 1000)),
        ["poll.batch.records"] = new("a record count > 0",
            Long(1, (s, n) => s with { Options = s.Options with { PollBatchRecords = (int)Math.Min(n, int.MaxValue) } }),
            s => I(s.Options.PollBatchRecords)),
        ["leader.batch.records"] = new("a record count > 0",
            Long(1, (s, n) => s with { Options = s.Options with { LeaderBatchRecords = (int)Math.Min(n, int.MaxValue) } }),
            s => I(s.Options.LeaderBatchRecords)),
        ["push.batch.records"] = new("a record count > 0",
            Long(1, (s, n) => s with { Options = s.Options with { PushBatchRecords = (int)Math.Min(n, int.MaxValue) } }),
            s => I(s.Options.PushBatchRecords)),
    };

    public static IReadOnlyCollection<string> KnownNames => Table.Keys;

    /// <summary>Applies overrides in order; returns an error message naming the option, or null.</summary>
    public static string? TryBind(IEnumerable<KeyValuePair<string, string>> overrides, ref Settings settings)
    {
        foreach (var (name, value) in overrides)
        {
            if (!Table.TryGetValue(name, out var entry))
            {
                return $"unknown config option '{name}'; expected one of: {string.Join(", ", Table.Keys)}";
            }
            if (entry.Apply(value, settings) is not { } applied)
            {
                return $"bad value '{value}' for config option '{name}'; expected {entry.Expected}";
            }
            settings = applied;
        }
        return null;
    }

    /// <summary>The effective options as sorted name/value pairs (for the trace header).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Describe(Settings settings) =>
        Table.Select(entry => new KeyValuePair<string, string>(entry.Key, entry.Value.Describe(settings))).ToArray();
}
