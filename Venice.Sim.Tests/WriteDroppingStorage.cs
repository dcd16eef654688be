using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Sim.Tests;

/// <summary>
/// A deliberately broken storage engine for tests that must show the harness can fail: it silently
/// drops the Nth put of every partition it opens.
/// </summary>
public sealed class WriteDroppingStorage(IStorageEngine inner, int dropNth) : IStorageEngine
{
    public IStoragePartition OpenPartition(StoreVersion version, int partition) =>
        new DroppingPartition(inner.OpenPartition(version, partition), dropNth);

    public bool HasPartition(StoreVersion version, int partition) => inner.HasPartition(version, partition);

    public void DropPartition(StoreVersion version, int partition) => inner.DropPartition(version, partition);

    private sealed class DroppingPartition(IStoragePartition inner, int dropNth) : IStoragePartition
    {
        private int puts;

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (++puts == dropNth) return;
            inner.Put(key, value);
        }

        public void Delete(ReadOnlySpan<byte> key) => inner.Delete(key);
        public bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value) => inner.TryGet(key, out value);
        public void Sync() => inner.Sync();
        public void PutMetadata(string key, ReadOnlySpan<byte> value) => inner.PutMetadata(key, value);
        public bool TryGetMetadata(string key, out byte[] value) => inner.TryGetMetadata(key, out value);
        public long KeyCount => inner.KeyCount;
        public IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted() => inner.SnapshotSorted();
    }
}
