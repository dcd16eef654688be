using Venice.Core.Storage;
using Venice.Sim.Tests.Contracts;
using Venice.Storage.RocksDb;

namespace Venice.Sim.Tests.RocksDb;

/// <summary>
/// The storage contract over real RocksDB databases, each in a temporary directory of its own, all
/// closed and deleted after each test. The crash closes and reopens the database
/// (<see cref="RocksDbStorageEngine.Crash"/>). Subclasses say how a database is opened.
/// </summary>
public abstract class RocksDbStorageContract : StorageContract
{
    private readonly List<RocksDbStorageEngine> engines = new();
    private readonly List<string> directories = new();

    /// <summary>Opens the engine under test in <paramref name="directory"/>.</summary>
    protected abstract RocksDbStorageEngine Open(string directory);

    protected override IStorageEngine CreateEngine() => NewEngine();

    protected override IStorageEngine Crash(IStorageEngine engine)
    {
        ((RocksDbStorageEngine)engine).Crash();
        return engine;
    }

    /// <summary>A fresh database in a temporary directory, deleted after the test.</summary>
    protected RocksDbStorageEngine NewEngine()
    {
        string directory = Path.Combine(Path.GetTempPath(), "venice-rocksdb-tests", Guid.NewGuid().ToString("N"));
        directories.Add(directory);
        var engine = Open(directory);
        engines.Add(engine);
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
