using System.Globalization;

namespace Venice.Sim.Cli;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard K/N</c>, 1-based). A shard's slice of
/// a range is a contiguous block computed from K, N and the range alone, so every machine that is
/// given the same range and N agrees on who runs what without talking to the others, and the N
/// blocks tile the range: disjoint, in order, together exactly the range (docs/sharding.md).
/// </summary>
internal readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>The whole range: what no <c>--shard</c> means.</summary>
    public static ShardSpec Whole { get; } = new(1, 1);

    public override string ToString() =>
        $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>K/N</c> with 1 &lt;= K &lt;= N; null (no flag) is the whole range.</summary>
    /// <exception cref="CliUsageException">Anything else.</exception>
    public static ShardSpec Parse(string? text)
    {
        if (text is null) return Whole;
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int shard)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int shards)
            && shards >= 1 && shard >= 1 && shard <= shards)
        {
            return new ShardSpec(shard, shards);
        }

        throw new CliUsageException($"--shard '{text}': expected K/N with 1 <= K <= N, e.g. 2/4");
    }

    /// <summary>
    /// This shard's block of <paramref name="range"/>: items floor((K-1)·n/N) to floor(K·n/N)-1 of
    /// the n in the range. Block sizes differ by at most one; a shard gets nothing (null) only when
    /// there are fewer seeds than shards.
    /// </summary>
    public SeedRange? SliceOf(SeedRange range)
    {
        var (start, end) = BlockOf(range.Count);
        return start == end ? null : new SeedRange((long)(range.First + start), (long)(range.First + end - 1));
    }

    /// <summary>The same block as a zero-based half-open interval [start, end) of <paramref name="items"/> items.</summary>
    public (Int128 Start, Int128 End) BlockOf(Int128 items) =>
        (items * (Index - 1) / Count, items * Index / Count);
}
