using Venice.Core.Storage;
using Venice.Sim.Tests.Contracts;
using Venice.Storage.RocksDb;

namespace Venice.Sim.Tests.RocksDb;

/// <summary>
/// The storage contract again, on databases opened within a <see cref="RocksDbMemoryBudget"/> of
/// RocksDB's smallest memtable (64 KiB) and a 64 KiB block cache they all share, so memtables flush to
/// SST files and reads go through the cache while the contract's crash semantics are checked.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RocksDbStorageEngine_within_a_small_memory_budget_satisfies_the_storage_contract : RocksDbStorageContract
{
    private const long SmallestWriteBuffer = 64L << 10;

    private RocksDbMemoryBudget budget = null!;

    [SetUp]
    public void ShareOneBudget() => budget = new RocksDbMemoryBudget(SmallestWriteBuffer, blockCacheBytes: 64L << 10);

    protected override RocksDbStorageEngine Open(string directory) => new(directory, budget);

    [Test]
    public void Synced_writes_flushed_to_sst_files_survive_a_crash_and_unsynced_writes_do_not()
    {
        RocksDbStorageEngine engine = NewEngine();
        IStoragePartition partition = engine.OpenPartition(Orders, 0);
        // 4,000 synced records of 100 bytes: several times the 64 KiB memtable, so RocksDB flushes.
        string value = new('v', 100);
        for (int i = 0; i < 4_000; i++)
        {
            partition.Put(Key($"synced-{i:D5}"), Value(value));
            if (i % 500 == 499) partition.Sync();
        }

        partition.Put(Key("unsynced"), Value("lost"));
        partition.Put(Key("synced-00000"), Value("overwritten, not synced"));
        Crash(engine);
        partition = engine.OpenPartition(Orders, 0);

        Assert.Multiple(() =>
        {
            Assert.That(Directory.EnumerateFiles(engine.Directory, "*.sst"), Is.Not.Empty, "the memtable never flushed; the test proves nothing");
            Assert.That(ValueOf(partition, "unsynced"), Is.Null);
            Assert.That(ValueOf(partition, "synced-00000"), Is.EqualTo(value));
            Assert.That(ValueOf(partition, "synced-03999"), Is.EqualTo(value));
            Assert.That(partition.KeyCount, Is.EqualTo(4_000));
            Assert.That(Contents(partition), Has.Length.EqualTo(4_000));
        });
    }

    [Test]
    public void Databases_of_one_budget_read_through_one_cache_no_larger_than_its_capacity()
    {
        IStoragePartition first = NewEngine().OpenPartition(Orders, 0);
        IStoragePartition second = NewEngine().OpenPartition(Orders, 1);
        string value = new('v', 100);
        foreach (IStoragePartition partition in new[] { first, second })
        {
            for (int i = 0; i < 2_000; i++) partition.Put(Key($"k{i:D5}"), Value(value));
            partition.Sync();
        }

        for (int i = 0; i < 2_000; i++)
        {
            Assert.That(ValueOf(first, $"k{i:D5}"), Is.EqualTo(value));
            Assert.That(ValueOf(second, $"k{i:D5}"), Is.EqualTo(value));
        }

        Assert.That(budget.BlockCacheUsage, Is.InRange(1, budget.BlockCacheBytes));
    }

    [Test]
    public void A_write_buffer_under_rocksdbs_minimum_is_refused()
    {
        Assert.That(() => new RocksDbMemoryBudget(writeBufferBytes: 1024), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
