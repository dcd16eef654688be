using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Sim.Tests;

/// <summary>
/// A deliberately broken storage engine whose point reads always miss (writes land): a leader applying a
/// partial update then computes it from an empty value instead of the stored one, so a check must notice.
/// </summary>
public sealed class ReadBlindStorage(IStorageEngine inner) : IStorageEngine
{
    public IStoragePartition OpenPartition(StoreVersion version, int partition) =>
        new ReadBlindPartition(inner.OpenPartition(version, partition));

    public bool HasPartition(StoreVersion version, int partition) => inner.HasPartition(version, partition);

    public void DropPartition(StoreVersion version, int partition) => inner.DropPartition(version, partition);

    private sealed class ReadBlindPartition(IStoragePartition inner) : IStoragePartition
    {
        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => inner.Put(key, value);
        public void Delete(ReadOnlySpan<byte> key) => inner.Delete(key);

        public bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
        {
            value = default;
            return false;
        }

        public void Sync() => inner.Sync();
        public void PutMetadata(string key, ReadOnlySpan<byte> value) => inner.PutMetadata(key, value);
        public bool TryGetMetadata(string key, out byte[] value) => inner.TryGetMetadata(key, out value);
        public long KeyCount => inner.KeyCount;
        public IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted() => inner.SnapshotSorted();
    }
}
