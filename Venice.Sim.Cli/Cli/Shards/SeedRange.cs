using System.Globalization;

namespace Venice.Sim.Cli;

/// <summary>
/// An inclusive range of seeds, <c>A..B</c> on the command line (docs/sharding.md). Inclusive on
/// both ends so that <c>--seeds 7..7</c> is the one run <c>--seed 7</c> is.
/// </summary>
internal readonly record struct SeedRange(long First, long Last)
{
    /// <summary>How many seeds the range holds; a 128-bit count, since <c>long.MinValue..long.MaxValue</c> holds 2^64.</summary>
    public Int128 Count => (Int128)Last - First + 1;

    public override string ToString() =>
        $"{First.ToString(CultureInfo.InvariantCulture)}..{Last.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>A..B</c> with A &lt;= B (whole numbers, either may be negative).</summary>
    /// <exception cref="CliUsageException">Anything else, naming the flag and what was expected.</exception>
    public static SeedRange Parse(string text, string flag)
    {
        int separator = text.IndexOf("..", StringComparison.Ordinal);
        if (separator > 0
            && long.TryParse(text.AsSpan(0, separator), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long first)
            && long.TryParse(text.AsSpan(separator + 2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long last))
        {
            if (first > last)
            {
                throw new CliUsageException($"{flag} '{text}': the first seed is greater than the last; write A..B with A <= B, e.g. 1..1000");
            }

            return new SeedRange(first, last);
        }

        throw new CliUsageException($"{flag} '{text}': expected A..B, two whole numbers with A <= B (both included), e.g. 1..1000");
    }

    /// <summary>The seeds in order.</summary>
    public IEnumerable<long> Seeds()
    {
        for (long seed = First; ; seed++)
        {
            yield return seed;
            if (seed == Last) yield break;
        }
    }
}
