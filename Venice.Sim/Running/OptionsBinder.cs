using System.Globalization;
using Venice.Core.Controller;
using Venice.Core.Ingestion;
using Venice.Core.Messages;

namespace Venice.Sim.Running;

/// <summary>
/// Applies a scenario's `config:` overrides to the ingestion options. Names are Venice's config names
/// where Venice has one (docs/options.md); each entry says how to parse its value.
/// </summary>
public static class OptionsBinder
{
    private delegate bool Apply(string value, ref Settings settings);

    public record struct Settings(IngestionOptions Options, PushStrategy Strategy);

    private static readonly SortedDictionary<string, (string Expected, Apply Apply)> Table = new(StringComparer.Ordinal)
    {
        ["checksum"] = ("one of none, md5, crc32, adhash", (string v, ref Settings s) =>
        {
            ChecksumType? type = v switch
            {
                "none" => ChecksumType.None,
                "md5" => ChecksumType.Md5,
                "crc32" => ChecksumType.Crc32,
                "adhash" => ChecksumType.AdHash,
                _ => null,
            };
            if (type is null) return false;
            s.Options = s.Options with { Checksum = type.Value };
            return true;
        }),
        ["database.sync.bytes.interval.for.transactional.mode"] = ("a byte count > 0", (string v, ref Settings s) =>
        {
            if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n <= 0) return false;
            s.Options = s.Options with { SyncBytesInterval = n };
            return true;
        }),
        ["default.offline.push.strategy"] = ("WAIT_N_MINUS_ONE or WAIT_ALL", (string v, ref Settings s) =>
        {
            PushStrategy? strategy = v switch
            {
                "WAIT_N_MINUS_ONE" => PushStrategy.WaitNMinusOne,
                "WAIT_ALL" => PushStrategy.WaitAll,
                _ => null,
            };
            if (strategy is null) return false;
            s.Strategy = strategy.Value;
            return true;
        }),
        ["poll.batch.records"] = ("a record count > 0", (string v, ref Settings s) =>
        {
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0) return false;
            s.Options = s.Options with { PollBatchRecords = n };
            return true;
        }),
        ["push.batch.records"] = ("a record count > 0", (string v, ref Settings s) =>
        {
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0) return false;
            s.Options = s.Options with { PushBatchRecords = n };
            return true;
        }),
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
            if (!entry.Apply(value, ref settings))
            {
                return $"bad value '{value}' for config option '{name}'; expected {entry.Expected}";
            }
        }
        return null;
    }

    /// <summary>The effective options as sorted name/value pairs (for the trace header).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Describe(Settings settings) =>
    [
        new("checksum", settings.Options.Checksum.ToString().ToLowerInvariant()),
        new("database.sync.bytes.interval.for.transactional.mode", settings.Options.SyncBytesInterval.ToString(CultureInfo.InvariantCulture)),
        new("default.offline.push.strategy", settings.Strategy == PushStrategy.WaitAll ? "WAIT_ALL" : "WAIT_N_MINUS_ONE"),
        new("poll.batch.records", settings.Options.PollBatchRecords.ToString(CultureInfo.InvariantCulture)),
        new("push.batch.records", settings.Options.PushBatchRecords.ToString(CultureInfo.InvariantCulture)),
    ];
}
