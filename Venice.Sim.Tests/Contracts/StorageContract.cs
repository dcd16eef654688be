using System.Text;
using Venice.Core;
using Venice.Core.Storage;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Contracts;

/// <summary>
/// What every <see cref="IStorageEngine"/> must do, including what survives a crash.
/// Subclass it once per engine (in-memory now, RocksDB later).
/// </summary>
public abstract class StorageContract
{
    protected static readonly StoreVersion Orders = new("orders", 1);

    protected abstract IStorageEngine CreateEngine();

    /// <summary>
    /// Kills the engine's process the way a server crash would and returns the engine to use
    /// afterwards (the same object for an in-memory engine, a reopened database for RocksDB).
    /// Partition handles obtained before the crash must not be used afterwards.
    /// </summary>
    protected abstract IStorageEngine Crash(IStorageEngine engine);

    [Test]
    public void A_put_value_is_read_back()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);

        partition.Put(Key("k"), Value("v"));

        Assert.That(ValueOf(partition, "k"), Is.EqualTo("v"));
    }

    [Test]
    public void A_key_never_put_is_not_found()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);

        Assert.That(partition.TryGet(Key("missing"), out _), Is.False);
    }

    [Test]
    public void Keys_are_compared_by_content_so_a_prefix_is_a_different_key()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);
        partition.Put(Key("ab"), Value("short"));
        partition.Put(Key("abc"), Value("long"));

        Assert.That(ValueOf(partition, "ab"), Is.EqualTo("short"));
        Assert.That(ValueOf(partition, "abc"), Is.EqualTo("long"));
        Assert.That(partition.TryGet(Key("a"), out _), Is.False);
    }

    [Test]
    public void Put_copies_key_and_value_so_the_caller_may_reuse_its_buffers()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);
        byte[] key = Key("k");
        byte[] value = Value("v");

        partition.Put(key, value);
        key[0] = (byte)'x';
        value[0] = (byte)'w';

        Assert.That(ValueOf(partition, "k"), Is.EqualTo("v"));
    }

    [TestCase("same", "SAME")]
    [TestCase("short", "a much longer value")]
    [TestCase("a much longer value", "tiny")]
    public void Overwriting_a_key_replaces_its_value(string before, string after)
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);
        partition.Put(Key("k"), Value(before));

        partition.Put(Key("k"), Value(after));

        Assert.That(ValueOf(partition, "k"), Is.EqualTo(after));
        Assert.That(partition.KeyCount, Is.EqualTo(1));
    }

    [Test]
    public void Deleting_a_key_removes_it_and_deleting_a_missing_key_is_harmless()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);
        partition.Put(Key("k"), Value("v"));

        partition.Delete(Key("k"));
        partition.Delete(Key("never"));

        Assert.That(partition.TryGet(Key("k"), out _), Is.False);
        Assert.That(partition.KeyCount, Is.EqualTo(0));
    }

    [Test]
    public void A_deleted_key_can_be_put_again()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);
        partition.Put(Key("k"), Value("v1"));
        partition.Delete(Key("k"));

        partition.Put(Key("k"), Value("v2"));

        Assert.That(ValueOf(partition, "k"), Is.EqualTo("v2"));
        Assert.That(partition.KeyCount, Is.EqualTo(1));
    }

    [Test]
    public void Key_count_counts_distinct_live_keys()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);
        partition.Put(Key("a"), Value("1"));
        partition.Put(Key("b"), Value("1"));
        partition.Put(Key("a"), Value("2"));
        partition.Put(Key("c"), Value("1"));
        partition.Delete(Key("b"));

        Assert.That(partition.KeyCount, Is.EqualTo(2));
    }

    [Test]
    public void Metadata_is_read_back_and_a_missing_entry_is_not_found()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);

        partition.PutMetadata("offsetRecord", [1, 2, 3]);
        partition.PutMetadata("offsetRecord", [4, 5]);

        Assert.That(partition.TryGetMetadata("offsetRecord", out byte[] value), Is.True);
        Assert.That(value, Is.EqualTo(new byte[] { 4, 5 }));
        Assert.That(partition.TryGetMetadata("storeVersionState", out _), Is.False);
    }

    [Test]
    public void Metadata_and_data_are_separate_namespaces()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);

        partition.PutMetadata("k", [1]);

        Assert.That(partition.TryGet(Key("k"), out _), Is.False);
        Assert.That(partition.KeyCount, Is.EqualTo(0));
    }

    [Test]
    public void Opening_a_partition_twice_gives_the_same_data()
    {
        IStorageEngine engine = CreateEngine();
        engine.OpenPartition(Orders, 0).Put(Key("k"), Value("v"));

        Assert.That(ValueOf(engine.OpenPartition(Orders, 0), "k"), Is.EqualTo("v"));
    }

    [Test]
    public void Partitions_and_store_versions_do_not_share_data()
    {
        IStorageEngine engine = CreateEngine();
        engine.OpenPartition(Orders, 0).Put(Key("k"), Value("p0"));

        Assert.That(engine.OpenPartition(Orders, 1).TryGet(Key("k"), out _), Is.False);
        Assert.That(engine.OpenPartition(new StoreVersion("orders", 2), 0).TryGet(Key("k"), out _), Is.False);
        Assert.That(engine.OpenPartition(new StoreVersion("payments", 1), 0).TryGet(Key("k"), out _), Is.False);
    }

    [Test]
    public void An_engine_knows_which_partitions_it_has()
    {
        IStorageEngine engine = CreateEngine();
        Assert.That(engine.HasPartition(Orders, 0), Is.False);

        engine.OpenPartition(Orders, 0);

        Assert.That(engine.HasPartition(Orders, 0), Is.True);
        Assert.That(engine.HasPartition(Orders, 1), Is.False);
    }

    [Test]
    public void Dropping_a_partition_deletes_its_data_and_metadata()
    {
        IStorageEngine engine = CreateEngine();
        IStoragePartition partition = engine.OpenPartition(Orders, 0);
        partition.Put(Key("k"), Value("v"));
        partition.PutMetadata("offsetRecord", [1]);
        partition.Sync();

        engine.DropPartition(Orders, 0);

        Assert.That(engine.HasPartition(Orders, 0), Is.False);
        IStoragePartition reopened = engine.OpenPartition(Orders, 0);
        Assert.That(reopened.KeyCount, Is.EqualTo(0));
        Assert.That(reopened.TryGetMetadata("offsetRecord", out _), Is.False);
    }

    [Test]
    public void A_snapshot_lists_every_pair_in_unsigned_byte_order()
    {
        IStoragePartition partition = CreateEngine().OpenPartition(Orders, 0);
        byte[][] keys = [[0xFF], [0x01, 0x00], [0x01], [0x00], [0x80], [0x7F, 0xFF]];
        foreach (byte[] key in keys)
        {
            partition.Put(key, [key[0]]);
        }

        partition.Delete([0x80]);

        IReadOnlyList<KeyValuePair<byte[], byte[]>> snapshot = partition.SnapshotSorted();
        Assert.That(snapshot.Select(pair => pair.Key), Is.EqualTo(new byte[][] { [0x00], [0x01], [0x01, 0x00], [0x7F, 0xFF], [0xFF] }));
        Assert.That(snapshot.Select(pair => pair.Value[0]), Is.EqualTo(new byte[] { 0x00, 0x01, 0x01, 0x7F, 0xFF }));
    }

    [Test]
    public void Synced_writes_survive_a_crash()
    {
        IStorageEngine engine = CreateEngine();
        IStoragePartition partition = engine.OpenPartition(Orders, 0);
        partition.Put(Key("a"), Value("1"));
        partition.Put(Key("b"), Value("2"));
        partition.Delete(Key("b"));
        partition.Sync();

        IStoragePartition after = Crash(engine).OpenPartition(Orders, 0);

        Assert.That(Contents(after), Is.EqualTo(new[] { "a=1" }));
        Assert.That(after.KeyCount, Is.EqualTo(1));
    }

    [Test]
    public void A_crash_loses_exactly_the_writes_since_the_last_sync()
    {
        IStorageEngine engine = CreateEngine();
        IStoragePartition partition = engine.OpenPartition(Orders, 0);
        partition.Put(Key("overwritten"), Value("synced"));
        partition.Put(Key("deleted"), Value("synced"));
        partition.Put(Key("untouched"), Value("synced"));
        partition.Sync();
        partition.Put(Key("overwritten"), Value("unsynced"));
        partition.Delete(Key("deleted"));
        partition.Put(Key("new"), Value("unsynced"));

        IStoragePartition after = Crash(engine).OpenPartition(Orders, 0);

        Assert.That(Contents(after), Is.EqualTo(new[] { "deleted=synced", "overwritten=synced", "untouched=synced" }));
        Assert.That(after.KeyCount, Is.EqualTo(3));
    }

    [Test]
    public void A_crash_restores_the_synced_value_after_several_same_length_overwrites()
    {
        IStorageEngine engine = CreateEngine();
        IStoragePartition partition = engine.OpenPartition(Orders, 0);
        partition.Put(Key("k"), Value("v1"));
        partition.Sync();
        partition.Put(Key("k"), Value("v2"));
        partition.Put(Key("k"), Value("v3"));

        IStoragePartition after = Crash(engine).OpenPartition(Orders, 0);

        Assert.That(ValueOf(after, "k"), Is.EqualTo("v1"));
    }

    [Test]
    public void A_crash_keeps_a_key_deleted_and_put_again_before_the_sync_at_its_synced_value()
    {
        IStorageEngine engine = CreateEngine();
        IStoragePartition partition = engine.OpenPartition(Orders, 0);
        partition.Put(Key("k"), Value("synced"));
        partition.Sync();
        partition.Delete(Key("k"));
        partition.Put(Key("k"), Value("unsynced"));

        IStoragePartition after = Crash(engine).OpenPartition(Orders, 0);

        Assert.That(ValueOf(after, "k"), Is.EqualTo("synced"));
    }

    [Test]
    public void Metadata_survives_a_crash_without_a_sync()
    {
        IStorageEngine engine = CreateEngine();
        IStoragePartition partition = engine.OpenPartition(Orders, 0);
        partition.PutMetadata("offsetRecord", [9]);

        IStoragePartition after = Crash(engine).OpenPartition(Orders, 0);

        Assert.That(after.TryGetMetadata("offsetRecord", out byte[] value), Is.True);
        Assert.That(value, Is.EqualTo(new byte[] { 9 }));
    }

    [Test]
    public void A_crash_loses_unsynced_writes_in_every_partition()
    {
        IStorageEngine engine = CreateEngine();
        IStoragePartition first = engine.OpenPartition(Orders, 0);
        IStoragePartition second = engine.OpenPartition(Orders, 1);
        first.Put(Key("a"), Value("synced"));
        first.Sync();
        first.Put(Key("b"), Value("unsynced"));
        second.Put(Key("c"), Value("unsynced"));

        IStorageEngine after = Crash(engine);

        Assert.That(Contents(after.OpenPartition(Orders, 0)), Is.EqualTo(new[] { "a=synced" }));
        Assert.That(Contents(after.OpenPartition(Orders, 1)), Is.Empty);
    }

    [Test]
    public void Writes_after_a_crash_and_a_sync_are_durable_again()
    {
        IStorageEngine engine = CreateEngine();
        engine.OpenPartition(Orders, 0).Put(Key("lost"), Value("x"));
        IStorageEngine restarted = Crash(engine);
        IStoragePartition partition = restarted.OpenPartition(Orders, 0);
        partition.Put(Key("kept"), Value("y"));
        partition.Sync();

        IStoragePartition after = Crash(restarted).OpenPartition(Orders, 0);

        Assert.That(Contents(after), Is.EqualTo(new[] { "kept=y" }));
    }

    /// <summary>
    /// Seeded random mixes of puts, deletes, syncs and crashes over a few keys, checked after every
    /// step against a model that keeps a visible and a durable map.
    /// </summary>
    [Test]
    public void Random_operation_sequences_match_a_model_of_visible_and_durable_state()
    {
        for (int seed = 1; seed <= 40; seed++)
        {
            var random = new SeededRandom(seed);
            IStorageEngine engine = CreateEngine();
            IStoragePartition partition = engine.OpenPartition(Orders, 0);
            var visible = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var durable = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int step = 0; step < 150; step++)
            {
                string key = $"k{random.NextInt(6)}";
                int action = random.NextInt(20);
                if (action < 11)
                {
                    // Values of two lengths, so overwrites hit both the same-length and the resize path.
                    string value = random.NextInt(2) == 0 ? $"v{step % 10}" : $"value-{step}";
                    partition.Put(Key(key), Value(value));
                    visible[key] = value;
                }
                else if (action < 16)
                {
                    partition.Delete(Key(key));
                    visible.Remove(key);
                }
                else if (action < 19)
                {
                    partition.Sync();
                    durable = new SortedDictionary<string, string>(visible, StringComparer.Ordinal);
                }
                else
                {
                    engine = Crash(engine);
                    partition = engine.OpenPartition(Orders, 0);
                    visible = new SortedDictionary<string, string>(durable, StringComparer.Ordinal);
                }

                string[] expected = visible.Select(pair => $"{pair.Key}={pair.Value}").ToArray();
                Assert.That(Contents(partition), Is.EqualTo(expected), $"seed {seed}, step {step}");
                Assert.That(partition.KeyCount, Is.EqualTo(expected.Length), $"seed {seed}, step {step}");
            }
        }
    }

    protected static byte[] Key(string text) => Encoding.UTF8.GetBytes(text);

    protected static byte[] Value(string text) => Encoding.UTF8.GetBytes(text);

    protected static string? ValueOf(IStoragePartition partition, string key) =>
        partition.TryGet(Key(key), out ReadOnlyMemory<byte> value) ? Encoding.UTF8.GetString(value.Span) : null;

    protected static string[] Contents(IStoragePartition partition) =>
        partition.SnapshotSorted().Select(pair => $"{Encoding.UTF8.GetString(pair.Key)}={Encoding.UTF8.GetString(pair.Value)}").ToArray();
}
