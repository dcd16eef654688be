using System.Text;
using Venice.Core;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>
/// The leader's transient records: a value it produced is the key's latest value until the drainer
/// persists it, and an update computed from storage alone in that window would lose the earlier write.
/// </summary>
[TestFixture]
public sealed class TransientRecordCacheTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("k");

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Test]
    public void A_produced_value_is_the_latest_until_it_is_persisted()
    {
        var cache = new TransientRecordCache();
        cache.Produced(Key, Bytes("v1"), deleted: false, upstreamOffset: 5);

        Assert.That(cache.TryGet(Key, out byte[]? inFlight), Is.True);
        Assert.That(inFlight, Is.EqualTo(Bytes("v1")));

        cache.Persisted(Key, upstreamOffset: 5);

        Assert.That(cache.TryGet(Key, out _), Is.False, "storage is current again");
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void Persisting_an_earlier_write_keeps_a_later_one_in_flight()
    {
        var cache = new TransientRecordCache();
        cache.Produced(Key, Bytes("v1"), deleted: false, upstreamOffset: 5);
        cache.Produced(Key, Bytes("v2"), deleted: false, upstreamOffset: 6);

        cache.Persisted(Key, upstreamOffset: 5);

        Assert.That(cache.TryGet(Key, out byte[]? inFlight), Is.True);
        Assert.That(inFlight, Is.EqualTo(Bytes("v2")));
    }

    [Test]
    public void A_delete_in_flight_reads_as_deleted_not_as_absent_from_the_cache()
    {
        var cache = new TransientRecordCache();
        cache.Produced(Key, [], deleted: true, upstreamOffset: 3);

        Assert.That(cache.TryGet(Key, out byte[]? inFlight), Is.True);
        Assert.That(inFlight, Is.Null);
    }

    [Test]
    public void The_cache_keeps_its_own_copy_of_key_and_value()
    {
        var cache = new TransientRecordCache();
        byte[] key = Bytes("k");
        byte[] value = Bytes("v1");
        cache.Produced(key, value, deleted: false, upstreamOffset: 1);
        key[0] = (byte)'x';
        value[0] = (byte)'x';

        Assert.That(cache.TryGet(Bytes("k"), out byte[]? inFlight), Is.True);
        Assert.That(inFlight, Is.EqualTo(Bytes("v1")));
    }

    [Test]
    public void A_second_update_before_the_first_is_persisted_needs_the_cache_storage_alone_is_stale()
    {
        var storage = new InMemoryStorageEngine().Open(new StoreVersion("s", 1), 0);
        storage.Put(Key, Bytes("0000"));
        var cache = new TransientRecordCache();
        byte[] first = PartialUpdate.Encode(0, Bytes("a"));
        byte[] second = PartialUpdate.Encode(3, Bytes("d"));

        // The leader applies the first update and produces the result; the drainer has not run yet.
        byte[] firstResult = PartialUpdate.Apply(storage.TryGet(Key, out var stored) ? stored.Span : [], first);
        cache.Produced(Key, firstResult, deleted: false, upstreamOffset: 10);

        Assert.That(cache.TryGet(Key, out byte[]? latest), Is.True);
        Assert.That(PartialUpdate.Apply(latest, second), Is.EqualTo(Bytes("a00d")), "from the transient record: both updates");
        Assert.That(storage.TryGet(Key, out var stale), Is.True);
        Assert.That(PartialUpdate.Apply(stale.Span, second), Is.EqualTo(Bytes("000d")), "from storage alone: the first update is lost");
    }
}
