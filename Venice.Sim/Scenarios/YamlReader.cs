using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Typed, located reads of YAML nodes. Every failure throws <see cref="ScenarioFormatException"/>
/// pointing at the offending node; the loader turns it into a <see cref="ScenarioError"/>.
/// </summary>
internal sealed partial class YamlReader(string sourcePath)
{
    public ScenarioFormatException Error(Mark mark, string message) =>
        new(new ScenarioError(sourcePath, (int)mark.Line, (int)mark.Column, message));

    public ScenarioFormatException Error(YamlNode node, string message) => Error(node.Start, message);

    /// <summary>Opens a mapping and rejects any key outside <paramref name="allowedKeys"/>.</summary>
    public MappingReader Mapping(YamlNode node, string context, IReadOnlyList<string> allowedKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"expected a mapping for {context} (keys: {string.Join(", ", allowedKeys)}), got {Describe(node)}");
        }

        var entries = new List<KeyValuePair<string, YamlNode>>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = KeyName(keyNode, context);
            if (!allowedKeys.Contains(key, StringComparer.Ordinal))
            {
                throw Error(keyNode, $"unknown key '{key}' in {context}; expected one of: {string.Join(", ", allowedKeys)}");
            }

            entries.Add(new KeyValuePair<string, YamlNode>(key, valueNode));
        }

        return new MappingReader(this, mapping, context, entries);
    }

    /// <summary>Reads a mapping whose keys are free-form names (e.g. config), in file order.</summary>
    public IReadOnlyList<(string Key, YamlNode KeyNode, YamlNode Value)> OpenMapping(YamlNode node, string context)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"expected a mapping for {context}, got {Describe(node)}");
        }

        return mapping.Children.Select(child => (KeyName(child.Key, context), child.Key, child.Value)).ToArray();
    }

    public YamlSequenceNode Sequence(YamlNode node, string context)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, $"expected a list for {context}, got {Describe(node)}");
        }

        return sequence;
    }

    /// <summary>A non-empty scalar string, quoted or not.</summary>
    public string String(YamlNode node, string context)
    {
        var scalar = Scalar(node, context, "a string");
        if (IsNull(scalar) || scalar.Value is null || scalar.Value.Length == 0)
        {
            throw Error(node, $"expected a non-empty string for {context}");
        }

        return scalar.Value;
    }

    public int Int(YamlNode node, string context, int minimum, int maximum = int.MaxValue)
    {
        var value = Long(node, context, minimum, maximum);
        return (int)value;
    }

    /// <summary>A plain (unquoted) decimal integer; a quoted "3" is a string, not a number.</summary>
    public long Long(YamlNode node, string context, long minimum = long.MinValue, long maximum = long.MaxValue)
    {
        var scalar = Scalar(node, context, "an integer");
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            throw Error(node, $"expected an integer for {context}, got the quoted string \"{text}\"; write it without quotes");
        }

        if (!IntegerPattern().IsMatch(text))
        {
            throw Error(node, $"expected an integer for {context}, got '{text}'");
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(node, $"{context} must be between {minimum.ToString(CultureInfo.InvariantCulture)} and {maximum.ToString(CultureInfo.InvariantCulture)}, got {text}");
        }

        if (value < minimum)
        {
            throw Error(node, $"{context} must be at least {minimum.ToString(CultureInfo.InvariantCulture)}, got {text}");
        }

        if (value > maximum)
        {
            throw Error(node, $"{context} must be at most {maximum.ToString(CultureInfo.InvariantCulture)}, got {text}");
        }

        return value;
    }

    /// <summary>A sim-time duration with a unit: <c>250ms</c>, <c>4s</c>, <c>2m</c>, at most <see cref="ScenarioLimits.MaxDurationMs"/>; returns milliseconds.</summary>
    public long DurationMs(YamlNode node, string context, long minimumMs = 0)
    {
        var scalar = Scalar(node, context, "a duration such as 250ms, 4s or 2m");
        var text = scalar.Value ?? string.Empty;
        if (IntegerPattern().IsMatch(text))
        {
            throw Error(node, $"duration '{text}' for {context} has no unit; write {text}ms, {text}s or {text}m");
        }

        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            throw Error(node, $"expected a duration for {context} (a whole number with unit ms, s or m, e.g. 250ms, 4s, 2m), got '{text}'");
        }

        var multiplier = match.Groups["unit"].Value switch
        {
            "ms" => 1L,
            "s" => 1_000L,
            _ => 60_000L,
        };
        if (!long.TryParse(match.Groups["amount"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ||
            amount > long.MaxValue / multiplier)
        {
            throw Error(node, $"{context} must be at most 30 days of sim time ({ScenarioLimits.MaxDurationMs.ToString(CultureInfo.InvariantCulture)}ms), got '{text}'");
        }

        var milliseconds = amount * multiplier;
        if (milliseconds > ScenarioLimits.MaxDurationMs)
        {
            throw Error(node, $"{context} must be at most 30 days of sim time ({ScenarioLimits.MaxDurationMs.ToString(CultureInfo.InvariantCulture)}ms), got '{text}'");
        }

        if (milliseconds < minimumMs)
        {
            throw Error(node, minimumMs == 1
                ? $"{context} must be longer than 0, got '{text}'"
                : $"{context} must be at least {minimumMs.ToString(CultureInfo.InvariantCulture)}ms, got '{text}'");
        }

        return milliseconds;
    }

    /// <summary>One of a closed set of words, matched exactly (case-sensitive).</summary>
    public string OneOf(YamlNode node, string context, IReadOnlyList<string> allowed)
    {
        var text = String(node, context);
        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            throw Error(node, $"unknown value '{text}' for {context}; expected one of: {string.Join(", ", allowed)}");
        }

        return text;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an unsupported node",
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private YamlScalarNode Scalar(YamlNode node, string context, string expected)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, $"expected {expected} for {context}, got {Describe(node)}");
        }

        if (IsNull(scalar))
        {
            throw Error(node, $"expected {expected} for {context}, got nothing");
        }

        return scalar;
    }

    private string KeyName(YamlNode keyNode, string context)
    {
        if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
        {
            throw Error(keyNode, $"expected a plain key name in {context}, got {Describe(keyNode)}");
        }

        return key;
    }

    [GeneratedRegex("^-?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^(?<amount>[0-9]+)(?<unit>ms|s|m)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}

/// <summary>A mapping whose keys were checked against an allowed set; hands out values by key.</summary>
internal sealed class MappingReader(
    YamlReader reader,
    YamlMappingNode node,
    string context,
    IReadOnlyList<KeyValuePair<string, YamlNode>> entries)
{
    public YamlMappingNode Node { get; } = node;

    public string Context { get; } = context;

    public IReadOnlyList<KeyValuePair<string, YamlNode>> Entries { get; } = entries;

    public bool Has(string key) => Entries.Any(entry => entry.Key == key);

    public YamlNode? Optional(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public YamlNode Required(string key, string? example = null) =>
        Optional(key) ?? throw reader.Error(
            Node,
            $"missing required key '{key}' in {Context}" + (example is null ? string.Empty : $", e.g. {example}"));

    /// <summary>Where the key itself sits, for errors about the key rather than its value.</summary>
    public Mark KeyMark(string key)
    {
        foreach (var (keyNode, _) in Node.Children)
        {
            if (keyNode is YamlScalarNode { Value: var name } && name == key)
            {
                return keyNode.Start;
            }
        }

        return Node.Start;
    }
}
