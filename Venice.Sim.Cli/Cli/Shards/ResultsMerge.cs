using System.Globalization;

namespace Venice.Sim.Cli;

/// <summary>
/// Combines shard results into one (docs/sharding.md#merge). Order-independent: the merged shards,
/// slices and failures are sorted, totals, coverage counts and wall times summed, so any order of
/// the same files gives byte-identical output. Results that do not belong together are refused.
/// </summary>
internal static class ResultsMerge
{
    /// <summary>One results file as read, with the name its errors are reported under.</summary>
    public sealed record Input(string File, ShardResults Results);

    /// <exception cref="CliUsageException">No input, or inputs of different verbs, tool versions, scenario contents, defects, parameters, ranges or shard counts, or two inputs holding the same shard.</exception>
    public static ShardResults Merge(IReadOnlyList<Input> inputs)
    {
        if (inputs.Count == 0) throw new CliUsageException("merge: no results files given");
        var first = inputs[0];
        foreach (var other in inputs.Skip(1))
        {
            Same(first, other, "were written by different venice-sim versions", r => r.ToolVersion, v => $"version {v}");
            Same(first, other, "are results of different scenario contents (the file changed between shards, or they are different scenarios)",
                r => r.Scenario.ContentSha256, v => $"scenario sha256 {v}", r => $" ('{r.Scenario.Name}')");
            Same(first, other, "are results of different verbs", r => r.Verb, v => $"'{v}'");
            Same(first, other, "enabled different defects", r => string.Join(",", r.Defects), v => v.Length == 0 ? "no defects" : $"defects {v}");
            Same(first, other, "used different parameters", r => string.Join(", ", r.Parameters.Select(p => $"{p.Key}={p.Value}")), v => v.Length == 0 ? "none" : v);
            Same(first, other, "split different ranges (merge the shards of one range)", r => $"{r.Range.Unit}s {r.Range.AsSeedRange}", v => v);
            Same(first, other, "split the range into different shard counts", r => r.ShardCount.ToString(CultureInfo.InvariantCulture), v => $"{v} shards");
        }

        // Each shard may come from one file only: the same shard twice would count its seeds twice.
        var owner = new SortedDictionary<int, string>();
        foreach (var input in inputs)
        {
            foreach (int shard in input.Results.Shards)
            {
                if (owner.TryGetValue(shard, out var previous))
                {
                    var slice = new ShardSpec(shard, input.Results.ShardCount).SliceOf(input.Results.Range.AsSeedRange);
                    string what = previous == input.File ? $"{input.File} is given twice" : $"{previous} and {input.File} overlap";
                    throw new CliUsageException(
                        $"merge: {what}: both hold shard {shard.ToString(CultureInfo.InvariantCulture)}/{input.Results.ShardCount.ToString(CultureInfo.InvariantCulture)} " +
                        $"({input.Results.Range.Unit}s {slice?.ToString() ?? "none"}); merging would count those runs twice");
                }

                owner.Add(shard, input.File);
            }
        }

        var all = inputs.Select(input => input.Results).ToArray();
        var reference = all[0];
        IReadOnlyDictionary<string, long>? coverage = null;
        if (all.Any(r => r.Coverage is not null))
        {
            var sum = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (name, count) in all.SelectMany(r => r.Coverage ?? new SortedDictionary<string, long>()))
            {
                sum[name] = checked(sum.GetValueOrDefault(name) + count);
            }

            coverage = sum;
        }

        return reference with
        {
            // A path can differ between machines for the same content; the smallest is as good as any and does not depend on order.
            Scenario = reference.Scenario with { Path = all.Select(r => r.Scenario.Path).Min(StringComparer.Ordinal)! },
            Shards = owner.Keys.ToArray(),
            Slices = Coalesce(all.SelectMany(r => r.Slices)),
            Totals = all.Select(r => r.Totals).Aggregate((a, b) => a + b),
            Failures = all.SelectMany(r => r.Failures).Order(ResultsFailure.Order).ToArray(),
            Coverage = coverage,
            ElapsedMs = all.Sum(r => r.ElapsedMs),
        };
    }

    /// <summary>Sorted, with adjacent blocks joined: complete shards of 1..1000 merge into the one slice 1..1000, as one run has.</summary>
    private static SeedRange[] Coalesce(IEnumerable<SeedRange> slices)
    {
        var joined = new List<SeedRange>();
        foreach (var slice in slices.OrderBy(s => s.First))
        {
            if (joined.Count > 0 && joined[^1].Last != long.MaxValue && joined[^1].Last + 1 == slice.First)
            {
                joined[^1] = joined[^1] with { Last = slice.Last };
            }
            else
            {
                joined.Add(slice);
            }
        }

        return [.. joined];
    }

    private static void Same(Input first, Input other, string problem, Func<ShardResults, string> key, Func<string, string> describe, Func<ShardResults, string>? extra = null)
    {
        string a = key(first.Results), b = key(other.Results);
        if (!string.Equals(a, b, StringComparison.Ordinal))
        {
            throw new CliUsageException(
                $"merge: {first.File} and {other.File} {problem}: {first.File} has {describe(a)}{extra?.Invoke(first.Results)}, " +
                $"{other.File} has {describe(b)}{extra?.Invoke(other.Results)}; merge only the shards of one run");
        }
    }
}
