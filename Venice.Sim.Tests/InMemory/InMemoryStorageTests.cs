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
