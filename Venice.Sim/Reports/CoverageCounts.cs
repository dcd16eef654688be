using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Venice.Sim.Reports;

/// <summary>
/// How often each coverage event (<see cref="CoverageCatalog"/>) was reached, by one run or many.
/// Immutable; <see cref="Merge"/> adds counts, so merging is commutative and associative and the
/// merge of shard results does not depend on the order they arrive in. Counts of names outside
/// the catalog (from a newer simulator) are kept and merged, never dropped. <see cref="ToJson"/>
/// and <see cref="FromJson"/> round-trip exactly; names are written in ordinal order.
/// </summary>
public sealed class CoverageCounts : IEquatable<CoverageCounts>
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SortedDictionary<string, long> counts;

    private CoverageCounts(SortedDictionary<string, long> counts, long runs)
    {
        this.counts = counts;
        Runs = runs;
    }

    /// <summary>No run, nothing reached.</summary>
    public static CoverageCounts Empty { get; } = new(new SortedDictionary<string, long>(StringComparer.Ordinal), 0);

    /// <summary>How many runs (seeds, iterations) these counts add up.</summary>
    public long Runs { get; }

    /// <summary>The events reached at least once, with their counts, by name (ordinal order).</summary>
    public IReadOnlyDictionary<string, long> Reached => counts;

    /// <summary>How often <paramref name="name"/> was reached (0 if never).</summary>
    public long this[string name] => counts.TryGetValue(name, out var n) ? n : 0;

    /// <summary>The catalog events these runs never reached, in catalog order.</summary>
    public IReadOnlyList<CoverageEvent> NeverReached => CoverageCatalog.Events.Where(e => this[e.Name] == 0).ToArray();

    /// <summary>Counts of one run (or <paramref name="runs"/> runs) from name/count pairs; repeated names add up.</summary>
    /// <exception cref="ArgumentException">A count is negative or a name is empty.</exception>
    public static CoverageCounts Of(IEnumerable<KeyValuePair<string, long>> reached, long runs = 1)
    {
        ArgumentNullException.ThrowIfNull(reached);
        ArgumentOutOfRangeException.ThrowIfNegative(runs);
        var map = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in reached)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("a coverage event name is empty", nameof(reached));
            if (count < 0) throw new ArgumentException($"coverage event '{name}' has a negative count", nameof(reached));
            if (count == 0) continue;
            map[name] = checked((map.TryGetValue(name, out var n) ? n : 0) + count);
        }

        return new CoverageCounts(map, runs);
    }

    /// <summary>The sum of both: every count added, runs added. Order-independent.</summary>
    public CoverageCounts Merge(CoverageCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var map = new SortedDictionary<string, long>(counts, StringComparer.Ordinal);
        foreach (var (name, count) in other.counts)
        {
            map[name] = checked((map.TryGetValue(name, out var n) ? n : 0) + count);
        }

        return new CoverageCounts(map, checked(Runs + other.Runs));
    }

    /// <summary>The merge of any number of counts (<see cref="Empty"/> for none).</summary>
    public static CoverageCounts MergeAll(IEnumerable<CoverageCounts> all) => all.Aggregate(Empty, (sum, next) => sum.Merge(next));

    /// <summary><c>{"runs":N,"reached":{"name":count,...}}</c>, names in ordinal order, on one line.</summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("runs", Runs);
            json.WriteStartObject("reached");
            foreach (var (name, count) in counts) json.WriteNumber(name, count);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="FormatException">Not that shape: says what was expected.</exception>
    public static CoverageCounts FromJson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("coverage: expected a JSON object {\"runs\":N,\"reached\":{...}}");
            long runs = 0;
            CoverageCounts? parsed = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "runs" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out runs) && runs >= 0:
                        break;
                    case "reached" when property.Value.ValueKind == JsonValueKind.Object:
                        var pairs = new List<KeyValuePair<string, long>>();
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var entry in property.Value.EnumerateObject())
                        {
                            if (!seen.Add(entry.Name)) throw new FormatException($"coverage: event '{entry.Name}' appears twice");
                            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt64(out var count) || count < 0)
                            {
                                throw new FormatException($"coverage: the count of '{entry.Name}' is not a whole number >= 0");
                            }

                            pairs.Add(new(entry.Name, count));
                        }

                        parsed = Of(pairs);
                        break;
                    default:
                        throw new FormatException($"coverage: unexpected or mistyped property '{property.Name}'; expected runs (whole number >= 0) and reached (object)");
                }
            }

            if (parsed is null) throw new FormatException("coverage: the property 'reached' is missing");
            return new CoverageCounts(parsed.counts, runs);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"coverage: not valid JSON: {exception.Message}", exception);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"coverage: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public bool Equals(CoverageCounts? other) =>
        other is not null && Runs == other.Runs && counts.Count == other.counts.Count &&
        counts.All(kv => other.counts.TryGetValue(kv.Key, out var n) && n == kv.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CoverageCounts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Runs);
        foreach (var (name, count) in counts)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(count);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => ToJson();
}
