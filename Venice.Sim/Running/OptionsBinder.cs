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

    /// <summary>The most whole seconds a duration option takes (10 years): its milliseconds, and sim times plus it, stay far from overflow.</summary>
    public const long MaxSeconds = 315_360_000;

    private const string WholeSeconds = "whole seconds from 0 to 315360000 (10 years)";

    /// <summary>Whole seconds, bounded so the conversion to milliseconds is exact (checked, never wrapping).</summary>
    private static Func<string, Settings, Settings?> Seconds(Func<Settings, long, Settings> setMs) => (text, s) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n is >= 0 and <= MaxSeconds
            ? setMs(s, checked(n * 1000))
            : null;

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
        ["server.promotion.to.leader.replica.delay.seconds"] = new(WholeSeconds,
            Seconds((s, ms) => s with { Options = s.Options with { PromotionDelayMs = ms } }),
            s => I(s.Options.PromotionDelayMs / 1000)),
        ["server.system.store.promotion.to.leader.replica.delay.seconds"] = new(WholeSeconds,
            Seconds((s, ms) => s with { Options = s.Options with { SystemStorePromotionDelayMs = ms } }),
            s => I(s.Options.SystemStorePromotionDelayMs / 1000)),
        ["server.leader.handover.use.dol.mechanism.for.user.stores"] = new("true or false",
            Bool((s, b) => s with { Options = s.Options with { UseDeclarationOfLeadership = b } }),
            s => s.Options.UseDeclarationOfLeadership ? "true" : "false"),
        ["leader.handover.dol.timeout.seconds"] = new(WholeSeconds,
            Seconds((s, ms) => s with { Options = s.Options with { DeclarationOfLeadershipTimeoutMs = ms } }),
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
        ["hybrid.rewind.seconds"] = new(WholeSeconds,
            Seconds((s, ms) => s with { RewindTimeMs = ms }), s => I(s.RewindTimeMs / 1000)),
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

    /// <summary>Checks one option's value on its own (for `check`, which has no run to bind); null when it is fine.</summary>
    public static string? CheckValue(string name, string value)
    {
        var settings = Settings.Defaults;
        return TryBind([new KeyValuePair<string, string>(name, value)], ref settings);
    }

    /// <summary>The effective options as sorted name/value pairs (for the trace header).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Describe(Settings settings) =>
        Table.Select(entry => new KeyValuePair<string, string>(entry.Key, entry.Value.Describe(settings))).ToArray();
}
