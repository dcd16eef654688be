using System.Text;
using Venice.Core;
using Venice.Core.Storage;
using Venice.Sim.InMemory;
using Venice.Sim.World;

namespace Venice.Sim.Tests.World;

/// <summary>
/// The reference model's exact-content answer, the end-state checks' fast path: true only when a
/// replica holds every live key with its last value and nothing else.
/// </summary>
[TestFixture]
public sealed class ReferenceModelTests
{
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static ReferenceModel ModelWithBatchAndRealtime()
    {
        var model = new ReferenceModel(partitionCount: 1);
        model.RecordPut(0, Bytes("a"), Bytes("batch-a"));
        model.RecordPut(0, Bytes("b"), Bytes("batch-b"));
        model.RecordPut(0, Bytes("c"), Bytes("batch-c"));
        model.RecordDelete(0, Bytes("c"));
        model.RecordRealtimePut(0, Bytes("b"), Bytes("rt-b"));
        model.RecordRealtimeDelete(0, Bytes("a"));
        model.RecordRealtimePut(0, Bytes("d"), Bytes("rt-d"));
        return model;
    }

    private static IStoragePartition Storage(params (string Key, string Value)[] pairs)
    {
        var partition = new InMemoryStorageEngine().Open(new StoreVersion("s", 1), 0);
        foreach (var (key, value) in pairs) partition.Put(Bytes(key), Bytes(value));
        return partition;
    }

    [Test]
    public void A_replica_with_exactly_the_live_keys_and_last_values_is_held_exactly()
    {
        Assert.That(ModelWithBatchAndRealtime().IsHeldExactlyBy(0, Storage(("b", "rt-b"), ("d", "rt-d"))), Is.True);
    }

    [Test]
    public void A_replica_missing_a_live_key_is_not_held_exactly()
    {
        Assert.That(ModelWithBatchAndRealtime().IsHeldExactlyBy(0, Storage(("b", "rt-b"))), Is.False);
    }

    [Test]
    public void A_replica_with_the_batch_value_a_realtime_write_replaced_is_not_held_exactly()
    {
        Assert.That(ModelWithBatchAndRealtime().IsHeldExactlyBy(0, Storage(("b", "batch-b"), ("d", "rt-d"))), Is.False);
    }

    [Test]
    public void A_replica_still_serving_a_deleted_key_is_not_held_exactly()
    {
        Assert.That(ModelWithBatchAndRealtime().IsHeldExactlyBy(0, Storage(("a", "batch-a"), ("b", "rt-b"), ("d", "rt-d"))), Is.False);
    }

    [Test]
    public void A_replica_with_a_key_nobody_wrote_is_not_held_exactly()
    {
        Assert.That(ModelWithBatchAndRealtime().IsHeldExactlyBy(0, Storage(("b", "rt-b"), ("d", "rt-d"), ("z", "phantom"))), Is.False);
    }

    [Test]
    public void Expected_and_deleted_keys_come_in_ordinal_key_order_with_the_realtime_layer_winning()
    {
        var model = ModelWithBatchAndRealtime();

        Assert.That(model.Expected(0).Select(kv => $"{kv.Key}={Encoding.Latin1.GetString(kv.Value)}"), Is.EqualTo(new[] { "b=rt-b", "d=rt-d" }));
        Assert.That(model.Deleted(0), Is.EqualTo(new[] { "a", "c" }));
    }
}
