using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.Cli;

namespace Venice.Sim.Tests.Cli.Shards;

/// <summary>Shard K of N's slice of a seed range: N shards cover the range exactly once (docs/sharding.md).</summary>
[TestFixture]
[Category("Property")]
public sealed class A_shard_of_a_seed_range
{
    /// <summary>A range anywhere in the 64-bit seed space, up to a million seeds, and a shard count.</summary>
    private static Arbitrary<(SeedRange Range, int Shards)> RangesAndShardCounts() =>
        (from high in Gen.Choose(int.MinValue, int.MaxValue)
         from low in Gen.Choose(int.MinValue, int.MaxValue)
         from length in Gen.OneOf(Gen.Choose(0, 10), Gen.Choose(0, 1_000_000))
         from shards in Gen.OneOf(Gen.Choose(1, 8), Gen.Choose(1, 10_000))
         let first = Math.Min(((long)high << 32) | (uint)low, long.MaxValue - length)
         select (new SeedRange(first, first + length), shards)).ToArbitrary();

    /// <summary>The property: the slices, in shard order, are disjoint, contiguous, ascending, and together exactly the range.</summary>
    private static bool TileTheRange(SeedRange range, int shards, Func<ShardSpec, SeedRange, SeedRange?> slice)
    {
        Int128 next = range.First;
        for (int k = 1; k <= shards; k++)
        {
            if (slice(new ShardSpec(k, shards), range) is not { } block) continue;
            if (block.First != next || block.Last < block.First) return false;
            next = (Int128)block.Last + 1;
        }

        return next == (Int128)range.Last + 1;
    }

    [Test]
    public void N_shards_cover_every_seed_of_the_range_exactly_once()
    {
        var property = Prop.ForAll(RangesAndShardCounts(), c => TileTheRange(c.Range, c.Shards, (shard, range) => shard.SliceOf(range)).Label($"{c.Range} in {c.Shards} shards"));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), property);
    }

    [Test]
    public void The_property_catches_a_split_that_rounds_every_shard_up()
    {
        // The split explore used before: ceil(n / N) items per shard, so the last shards run past the range.
        static SeedRange? RoundedUp(ShardSpec shard, SeedRange range)
        {
            Int128 size = (range.Count + shard.Count - 1) / shard.Count;
            return new SeedRange((long)(range.First + size * (shard.Index - 1)), (long)(range.First + size * shard.Index - 1));
        }

        Assert.That(TileTheRange(new SeedRange(1, 10), 4, RoundedUp), Is.False);
        Assert.That(TileTheRange(new SeedRange(1, 10), 4, (shard, range) => shard.SliceOf(range)), Is.True);
    }

    [Test]
    public void Block_sizes_differ_by_at_most_one()
    {
        var property = Prop.ForAll(RangesAndShardCounts(), c =>
        {
            var sizes = Enumerable.Range(1, c.Shards).Select(k => new ShardSpec(k, c.Shards).SliceOf(c.Range)?.Count ?? 0).ToArray();
            return (sizes.Max() - sizes.Min() <= 1).Label($"{c.Range} in {c.Shards} shards: sizes {sizes.Min()}..{sizes.Max()}");
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Test]
    public void Splits_a_thousand_seeds_into_four_blocks_of_250()
    {
        var range = SeedRange.Parse("1..1000", "--seeds");

        var slices = Enumerable.Range(1, 4).Select(k => ShardSpec.Parse($"{k}/4").SliceOf(range)).ToArray();

        Assert.That(slices, Is.EqualTo(new SeedRange?[] { new(1, 250), new(251, 500), new(501, 750), new(751, 1000) }));
    }

    [Test]
    public void Covers_the_whole_64_bit_seed_space_without_overflowing()
    {
        var whole = new SeedRange(long.MinValue, long.MaxValue);

        Assert.That(TileTheRange(whole, 7, (shard, range) => shard.SliceOf(range)), Is.True);
        Assert.That(whole.Count, Is.EqualTo((Int128)ulong.MaxValue + 1));
    }

    [Test]
    public void Leaves_a_shard_empty_only_when_there_are_fewer_seeds_than_shards()
    {
        var three = new SeedRange(5, 7);

        var slices = Enumerable.Range(1, 4).Select(k => new ShardSpec(k, 4).SliceOf(three)).ToArray();

        Assert.That(slices.Count(s => s is null), Is.EqualTo(1));
        Assert.That(slices.Where(s => s is not null).Select(s => s!.Value.First), Is.EqualTo(new long[] { 5, 6, 7 }));
    }

    [TestCase("1..0", "the first seed is greater than the last")]
    [TestCase("7", "expected A..B")]
    [TestCase("a..b", "expected A..B")]
    [TestCase("1...3", "expected A..B")]
    [TestCase("..3", "expected A..B")]
    public void A_malformed_range_is_refused_with_what_was_expected(string text, string message)
    {
        var refused = Assert.Throws<CliUsageException>(() => SeedRange.Parse(text, "--seeds"));

        Assert.That(refused!.Message, Does.StartWith($"--seeds '{text}'").And.Contain(message));
    }

    [Test]
    public void Negative_seeds_are_seeds_too()
    {
        Assert.That(SeedRange.Parse("-3..2", "--seeds"), Is.EqualTo(new SeedRange(-3, 2)));
        Assert.That(new SeedRange(-3, 2).Seeds(), Is.EqualTo(new long[] { -3, -2, -1, 0, 1, 2 }));
    }
}
