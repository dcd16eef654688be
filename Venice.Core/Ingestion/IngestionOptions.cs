using Venice.Core.Messages;

namespace Venice.Core.Ingestion;

/// <summary>
/// Ingestion settings with Venice's defaults (WRITE_PATH.md §9). docs/options.md lists each with its
/// Venice config name; scenarios override them under `config:`.
/// </summary>
public sealed record IngestionOptions
{
    public static IngestionOptions Defaults { get; } = new();

    /// <summary>Producer segment checksum (VeniceWriter default ADHASH).</summary>
    public ChecksumType Checksum { get; init; } = ChecksumType.AdHash;

    /// <summary>server.database.sync.bytes.interval.for.transactional.mode: 32 MiB.</summary>
    public long SyncBytesInterval { get; init; } = 32L * 1024 * 1024;

    /// <summary>Records one poll hands to the ingestion task for one partition (a bounded unit of work).</summary>
    public int PollBatchRecords { get; init; } = 100;

    /// <summary>Records the push job writes in one step.</summary>
    public int PushBatchRecords { get; init; } = 100;
}
