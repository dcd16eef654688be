using Venice.Core.Messages;

namespace Venice.Core.Ingestion;

/// <summary>
/// Ingestion settings with Venice's defaults (docs/venice-write-path.md §9). docs/options.md lists each with its
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

    /// <summary>server.promotion.to.leader.replica.delay.seconds: 300 s of VT inactivity before a user-store leader takes over.</summary>
    public long PromotionDelayMs { get; init; } = 300_000;

    /// <summary>server.system.store.promotion.to.leader.replica.delay.seconds: 1 s for system stores.</summary>
    public long SystemStorePromotionDelayMs { get; init; } = 1_000;

    /// <summary>server.leader.handover.use.dol.mechanism.for.user.stores: true.</summary>
    public bool UseDeclarationOfLeadership { get; init; } = true;

    /// <summary>After 10 minutes without reading its DoL back, a replica falls back to the legacy gate alone.</summary>
    public long DeclarationOfLeadershipTimeoutMs { get; init; } = 600_000;

    /// <summary>Records a leader replays from the RT in one step.</summary>
    public int LeaderBatchRecords { get; init; } = 100;

    /// <summary>Seeded defects (off unless a run asks for them; never set from scenario `config:`).</summary>
    public Defects.SeededDefects Defects { get; init; } = Core.Defects.SeededDefects.None;

    /// <summary>Records the push job writes in one step.</summary>
    public int PushBatchRecords { get; init; } = 100;
}
