using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Storage.RocksDb;

/// <summary>
/// The RocksDB engines of one scenario run with <c>storage: rocksdb</c>: one database per server, each in
/// its own folder under a fresh temporary directory, all closed and the directory deleted on
/// <see cref="Dispose"/>. Pass <see cref="Create"/> as the run request's <c>RocksDbStorage</c>.
/// </summary>
public sealed class RocksDbScenarioStorage : IDisposable
{
    private readonly List<RocksDbStorageEngine> _engines = new();
    private bool _disposed;

    /// <summary>A fresh temporary directory for the run's databases.</summary>
    public RocksDbScenarioStorage() => Root = Directory.CreateTempSubdirectory("venice-sim-rocksdb-").FullName;

    /// <summary>The directory holding one database folder per server.</summary>
    public string Root { get; }

    /// <summary>Opens server <paramref name="server"/>'s database (server-N under <see cref="Root"/>).</summary>
    public ISimulatedStorageEngine Create(ServerId server)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var engine = new RocksDbStorageEngine(Path.Combine(Root, $"server-{server.Value}"));
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
