using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Storage.RocksDb;

/// <summary>
/// The RocksDB engines of one scenario run with <c>storage: rocksdb</c>: one database per server, each in
/// its own folder under a fresh temporary directory, all closed and the directory deleted on
/// <see cref="Dispose"/>. Pass <see cref="Create"/> as the run request's <c>RocksDbStorage</c>.
/// Every database of the run opens within one <see cref="RocksDbMemoryBudget"/> (by default 4 MiB
/// memtables and one 8 MiB block cache for all of them), so a sixteen-server world does not take
/// RocksDB's default 64 MiB memtables and 32 MiB cache sixteen times over.
/// </summary>
public sealed class RocksDbScenarioStorage : IDisposable
{
    private readonly List<RocksDbStorageEngine> _engines = new();
    private bool _disposed;

    /// <summary>A fresh temporary directory for the run's databases, within the default <see cref="RocksDbMemoryBudget"/>.</summary>
    public RocksDbScenarioStorage()
        : this(new RocksDbMemoryBudget())
    {
    }

    /// <summary>A fresh temporary directory for the run's databases, all opened within <paramref name="budget"/>.</summary>
    public RocksDbScenarioStorage(RocksDbMemoryBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budget = budget;
        Root = Directory.CreateTempSubdirectory("venice-sim-rocksdb-").FullName;
    }

    /// <summary>The memory bound every database of the run shares.</summary>
    public RocksDbMemoryBudget Budget { get; }

    /// <summary>The directory holding one database folder per server.</summary>
    public string Root { get; }

    /// <summary>Opens server <paramref name="server"/>'s database (server-N under <see cref="Root"/>).</summary>
    public ISimulatedStorageEngine Create(ServerId server)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var engine = new RocksDbStorageEngine(Path.Combine(Root, $"server-{server.Value}"), Budget);
        _engines.Add(engine);
        return engine;
    }

    /// <summary>Closes every database and deletes <see cref="Root"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var engine in _engines) engine.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
