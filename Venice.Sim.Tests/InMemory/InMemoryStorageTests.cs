using System.Text;
using Venice.Core;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.InMemory;

[TestFixture]
public sealed class InMemoryStoragePartition_tracks_unsynced_writes
{
    private static readonly StoreVersion Orders = new("orders", 1);

    [Test]
    public void Each_key_written_since_the_last_sync_counts_once()
    {
        InMemoryStoragePartition partition = new InMemoryStorageEngine().Open(Orders, 0);

        partition.Put(Bytes("a"), Bytes("1"));
        partition.Put(Bytes("a"), Bytes("2"));
        partition.Put(Bytes("b"), Bytes("1"));
        partition.Delete(Bytes("b"));

        Assert.That(partition.UnsyncedKeyCount, Is.EqualTo(2));
    }

    [Test]
    public void A_sync_leaves_nothing_unsynced_and_metadata_is_never_unsynced()
    {
        InMemoryStoragePartition partition = new InMemoryStorageEngine().Open(Orders, 0);
        partition.Put(Bytes("a"), Bytes("1"));

        partition.Sync();
        partition.PutMetadata("offsetRecord", [1]);

        Assert.That(partition.UnsyncedKeyCount, Is.EqualTo(0));
    }

    [Test]
    public void Overwriting_an_unsynced_value_with_one_of_the_same_length_allocates_nothing()
    {
        InMemoryStoragePartition partition = new InMemoryStorageEngine().Open(Orders, 0);
        byte[] key = Bytes("key-0001");
        byte[] first = Bytes("value-01");
        byte[] second = Bytes("value-02");
        partition.Put(key, first);
        partition.Put(key, second);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            partition.Put(key, (i & 1) == 0 ? first : second);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.EqualTo(0));
    }

    [Test]
    public void Filling_a_partition_sized_up_front_allocates_nothing_per_record()
    {
        const int records = 2_000;
        InMemoryStoragePartition partition = new InMemoryStorageEngine(records, records * 128L).Open(Orders, 0);
        byte[][] keys = Enumerable.Range(0, records).Select(i => Bytes($"key-{i:D8}")).ToArray();
        byte[] value = new byte[100];
        partition.Put(keys[0], value);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < records; i++)
        {
            partition.Put(keys[i], value);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.EqualTo(0));
        Assert.That(partition.KeyCount, Is.EqualTo(records));
    }

    /// <summary>
    /// Large values overwritten across syncs and crashes leave far more garbage than live data, so the
    /// arena compacts many times; the partition must still match a model of visible and durable state.
    /// </summary>
    [Test]
    public void Compaction_under_heavy_overwrites_keeps_visible_and_durable_state()
    {
        var random = new SeededRandom(11);
        var engine = new InMemoryStorageEngine();
        InMemoryStoragePartition partition = engine.Open(Orders, 0);
        var visible = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var durable = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int step = 0; step < 4_000; step++)
        {
            string key = $"k{random.NextInt(40)}";
            int action = random.NextInt(40);
            if (action < 30)
            {
                // Some empty values too: they must never be confused with another value's bytes.
                string value = random.NextInt(6) == 0 ? "" : new string((char)('a' + step % 26), 200 + random.NextInt(3_000));
                partition.Put(Bytes(key), Bytes(value));
                visible[key] = value;
            }
            else if (action < 35)
            {
                partition.Delete(Bytes(key));
                visible.Remove(key);
            }
            else if (action < 39)
            {
                partition.Sync();
                durable = new SortedDictionary<string, string>(visible, StringComparer.Ordinal);
            }
            else
            {
                engine.Crash();
                visible = new SortedDictionary<string, string>(durable, StringComparer.Ordinal);
            }

            if (step % 50 == 0 || step > 3_950)
            {
                var actual = partition.SnapshotSorted().Select(pair => $"{Encoding.UTF8.GetString(pair.Key)}={Encoding.UTF8.GetString(pair.Value)}");
                Assert.That(actual, Is.EqualTo(visible.Select(pair => $"{pair.Key}={pair.Value}")), $"step {step}");
                Assert.That(partition.KeyCount, Is.EqualTo(visible.Count), $"step {step}");
                foreach (var (k, v) in visible)
                {
                    Assert.That(partition.TryGet(Bytes(k), out ReadOnlyMemory<byte> read) ? Encoding.UTF8.GetString(read.Span) : null, Is.EqualTo(v), $"step {step}, key {k}");
                }
            }
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}

[TestFixture]
public sealed class InMemoryStorageEngine_lists_its_partitions
{
    [Test]
    public void Partitions_are_listed_by_store_then_version_then_partition()
    {
        var engine = new InMemoryStorageEngine();
        engine.OpenPartition(new StoreVersion("orders", 10), 0);
        engine.OpenPartition(new StoreVersion("orders", 2), 1);
        engine.OpenPartition(new StoreVersion("orders", 2), 0);
        engine.OpenPartition(new StoreVersion("Accounts", 1), 3);

        Assert.That(engine.PartitionIds(), Is.EqualTo(new[]
        {
            (new StoreVersion("Accounts", 1), 3),
            (new StoreVersion("orders", 2), 0),
            (new StoreVersion("orders", 2), 1),
            (new StoreVersion("orders", 10), 0),
        }));
    }

    [Test]
    public void A_dropped_partition_is_no_longer_listed()
    {
        var engine = new InMemoryStorageEngine();
        engine.OpenPartition(new StoreVersion("orders", 1), 0);

        engine.DropPartition(new StoreVersion("orders", 1), 0);

        Assert.That(engine.PartitionIds(), Is.Empty);
    }
}
