namespace Venice.Core.Validation;

/// <summary>What data integrity validation (DIV) made of one record, as Venice's PartitionTracker classifies it.</summary>
public enum DivResult
{
    /// <summary>The next record of its producer's segment; the producer state moved forward.</summary>
    Ok,
    /// <summary>Already seen (a retry or a replay); skip it.</summary>
    Duplicate,
    /// <summary>A record or a segment end was skipped: data was lost.</summary>
    Missing,
    /// <summary>The segment's checksum does not match its records.</summary>
    Corrupt,
    /// <summary>A producer or segment that no START_OF_SEGMENT opened.</summary>
    UnregisteredProducer,
    /// <summary>A new record in a segment its producer already ended.</summary>
    DataAfterEndOfSegment,
}

/// <summary>Questions about a <see cref="DivResult"/>.</summary>
public static class DivResultExtensions
{
    /// <summary>
    /// Fatal results fail a replica before EOP and make the validator resynchronise after it; a
    /// duplicate is merely skipped.
    /// </summary>
    public static bool IsFatal(this DivResult result) => result is
        DivResult.Missing or DivResult.Corrupt or DivResult.UnregisteredProducer or DivResult.DataAfterEndOfSegment;
}
