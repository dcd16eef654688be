using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Sim.Tests;

/// <summary>
/// A storage engine that passes everything to a real one except what one broken partition overrides:
/// the base of the deliberately broken engines that show a check can fail.
/// </summary>
public abstract class BrokenStorage(IStorageEngine inner) : IStorageEngine
{
    public IStoragePartition OpenPartition(StoreVersion version, int partition) => Break(inner.OpenPartition(version, partition));

    public bool HasPartition(StoreVersion version, int partition) => inner.HasPartition(version, partition);

    public void DropPartition(StoreVersion version, int partition) => inner.DropPartition(version, partition);

    /// <summary>The broken view of a freshly opened partition.</summary>
    protected abstract IStoragePartition Break(IStoragePartition partition);
}

/// <summary>A partition that passes every call through; broken partitions override the calls they break.</summary>
public class PassThroughPartition(IStoragePartition inner) : IStoragePartition
{
    public virtual void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => inner.Put(key, value);
    public virtual void Delete(ReadOnlySpan<byte> key) => inner.Delete(key);
    public virtual bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value) => inner.TryGet(key, out value);
    public void Sync() => inner.Sync();
    public void PutMetadata(string key, ReadOnlySpan<byte> value) => inner.PutMetadata(key, value);
    public bool TryGetMetadata(string key, out byte[] value) => inner.TryGetMetadata(key, out value);
    public long KeyCount => inner.KeyCount;
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted() => inner.SnapshotSorted();
}

/// <summary>Silently drops the Nth put of every partition it opens.</summary>
public sealed class WriteDroppingStorage(IStorageEngine inner, int dropNth) : BrokenStorage(inner)
{
    protected override IStoragePartition Break(IStoragePartition partition) => new DroppingPartition(partition, dropNth);

    private sealed class DroppingPartition(IStoragePartition inner, int dropNth) : PassThroughPartition(inner)
    {
        private int puts;

        public override void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (++puts != dropNth) base.Put(key, value);
        }
    }
}

/// <summary>Silently ignores DELETE, so a deleted key keeps serving its old value.</summary>
public sealed class DeleteIgnoringStorage(IStorageEngine inner) : BrokenStorage(inner)
{
    protected override IStoragePartition Break(IStoragePartition partition) => new DeleteIgnoringPartition(partition);

    private sealed class DeleteIgnoringPartition(IStoragePartition inner) : PassThroughPartition(inner)
    {
        public override void Delete(ReadOnlySpan<byte> key) { }
    }
}

/// <summary>
/// Point reads always miss (writes land): a leader applying a partial update then computes it from an
/// empty value instead of the stored one.
/// </summary>
public sealed class ReadBlindStorage(IStorageEngine inner) : BrokenStorage(inner)
{
    protected override IStoragePartition Break(IStoragePartition partition) => new ReadBlindPartition(partition);

    private sealed class ReadBlindPartition(IStoragePartition inner) : PassThroughPartition(inner)
    {
        public override bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
        {
            value = default;
            return false;
        }
    }
}
