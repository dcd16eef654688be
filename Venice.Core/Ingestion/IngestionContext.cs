using Venice.Core.Environment;
using Venice.Core.Log;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Core.Storage;

namespace Venice.Core.Ingestion;

/// <summary>What a server's ingestion tasks share: the server's view of the world.</summary>
public sealed record IngestionContext(
    ServerId Server,
    ILog Log,
    IStorageEngine Storage,
    IClock Clock,
    IIngestionNotifier Notifier,
    IWritePathObserver Observer,
    IngestionOptions Options,
    StoreRegistry Stores,
    IRandomSource Random);
