using Venice.Core.Log;
using Venice.Core.Metadata;
using Venice.Core.Storage;
using Venice.Sim.InMemory;
using Venice.Sim.Tests.Contracts;

namespace Venice.Sim.Tests.InMemory;

[TestFixture]
public sealed class InMemoryLog_satisfies_the_log_contract : LogContract
{
    protected override ILog CreateLog() => new InMemoryLog();
}

[TestFixture]
public sealed class InMemoryMetadataStore_satisfies_the_metadata_contract : MetadataStoreContract
{
    protected override IMetadataStore CreateStore() => new InMemoryMetadataStore();
}

[TestFixture]
public sealed class InMemoryStorageEngine_satisfies_the_storage_contract : StorageContract
{
    protected override IStorageEngine CreateEngine() => new InMemoryStorageEngine();

    protected override IStorageEngine Crash(IStorageEngine engine)
    {
        ((InMemoryStorageEngine)engine).Crash();
        return engine;
    }
}

/// <summary>The same contract for an engine sized up front (the hot-loop benchmark's), whose first page is large.</summary>
[TestFixture]
public sealed class A_presized_InMemoryStorageEngine_satisfies_the_storage_contract : StorageContract
{
    protected override IStorageEngine CreateEngine() => new InMemoryStorageEngine(keysPerPartition: 3, bytesPerPartition: 1 << 16);

    protected override IStorageEngine Crash(IStorageEngine engine)
    {
        ((InMemoryStorageEngine)engine).Crash();
        return engine;
    }
}
