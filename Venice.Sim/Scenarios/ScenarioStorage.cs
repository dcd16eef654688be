namespace Venice.Sim.Scenarios;

/// <summary>
/// The storage engine a scenario's <c>storage:</c> key gives every server of its world (docs/scenarios.md).
/// In memory unless the file says otherwise; RocksDB does real I/O, so Venice.Sim cannot create it itself:
/// whoever runs the scenario passes <see cref="RunRequest.RocksDbStorage"/> (venice-sim and the tests do).
/// </summary>
public enum ScenarioStorage
{
    /// <summary><c>storage: memory</c>, the default: the simulator's in-memory engine.</summary>
    Memory,

    /// <summary><c>storage: rocksdb</c>: one RocksDB database per server (Venice.Storage.RocksDb).</summary>
    RocksDb,
}
