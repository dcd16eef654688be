using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Sim.Tests;

/// <summary>
/// A deliberately broken storage engine for tests that must show the harness catches lost deletes: every
/// partition it opens silently ignores DELETE, so a deleted key keeps serving its old value.
/// </summary>
public sealed class DeleteIgnoringStorage(IStorageEngine inner) : IStorageEngine
{
    public IStoragePartition OpenPartition(StoreVersion version, int partition) =>
        new DeleteIgnoringPartition(inner.OpenPartition(version, partition));

    public bool HasPartition(StoreVersion version, int partition) => inner.HasPartition(version, partition);

    public void DropPartition(StoreVersion version, int partition) => inner.DropPartition(version, partition);

    private sealed class DeleteIgnoringPartition(IStoragePartition inner) : IStoragePartition
    {
        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => inner.Put(key, value);
        public void Delete(ReadOnlySpan<byte> key) { }
        public bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value) => inner.TryGet(key, out value);
        public void Sync() => inner.Sync();
        public void PutMetadata(string key, ReadOnlySpan<byte> value) => inner.PutMetadata(key, value);
        public bool TryGetMetadata(string key, out byte[] value) => inner.TryGetMetadata(key, out value);
        public long KeyCount => inner.KeyCount;
        public IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted() => inner.SnapshotSorted();
    }
}
