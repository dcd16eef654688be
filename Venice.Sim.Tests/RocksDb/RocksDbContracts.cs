using Venice.Core.Storage;
using Venice.Sim.Tests.Contracts;
using Venice.Storage.RocksDb;

namespace Venice.Sim.Tests.RocksDb;

/// <summary>
/// The storage contract over a real RocksDB database in a temporary directory per test, deleted
/// afterwards. The crash closes and reopens the database (<see cref="RocksDbStorageEngine.Crash"/>).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RocksDbStorageEngine_satisfies_the_storage_contract : StorageContract
{
    private readonly List<RocksDbStorageEngine> engines = new();
    private readonly List<string> directories = new();

    protected override IStorageEngine CreateEngine()
    {
        string directory = Path.Combine(Path.GetTempPath(), "venice-rocksdb-tests", Guid.NewGuid().ToString("N"));
        directories.Add(directory);
        var engine = new RocksDbStorageEngine(directory);
        engines.Add(engine);
        return engine;
    }

    protected override IStorageEngine Crash(IStorageEngine engine)
    {
        ((RocksDbStorageEngine)engine).Crash();
        return engine;
    }

    [TearDown]
    public void DeleteTheDatabases()
    {
        foreach (RocksDbStorageEngine engine in engines) engine.Dispose();
        engines.Clear();
        foreach (string directory in directories)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }

        directories.Clear();
    }
}
