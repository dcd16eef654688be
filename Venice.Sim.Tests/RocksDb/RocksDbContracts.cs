using Venice.Storage.RocksDb;

namespace Venice.Sim.Tests.RocksDb;

/// <summary>The storage contract over RocksDB with its default options.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RocksDbStorageEngine_satisfies_the_storage_contract : RocksDbStorageContract
{
    protected override RocksDbStorageEngine Open(string directory) => new(directory);
}
