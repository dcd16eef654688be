namespace Venice.Core.Messages;

/// <summary>A 128-bit producer id (Venice: a type-4 UUID), drawn from the injected random source.</summary>
public readonly record struct ProducerGuid(ulong High, ulong Low) : IComparable<ProducerGuid>
{
    public int CompareTo(ProducerGuid other)
    {
        int high = High.CompareTo(other.High);
        return high != 0 ? high : Low.CompareTo(other.Low);
    }

    public override string ToString() => $"{High:x16}{Low:x16}";
}

/// <summary>Producer metadata carried by every record: who wrote it and where in its segment.</summary>
public readonly record struct ProducerMetadata(ProducerGuid Guid, int Segment, int Sequence, long TimestampMs);

/// <summary>
/// Leader metadata (the leader footer): which host produced the record to the VT, the upstream (RT)
/// offset it was consumed from, and the leader's term. UpstreamOffset is -1 when there is no upstream.
/// </summary>
public readonly record struct LeaderMetadata(int HostId, long UpstreamOffset, long Term);
