namespace Venice.Core;

/// <summary>A storage server (a Helix participant). Rendered as <c>server-N</c>.</summary>
public readonly record struct ServerId(int Value) : IComparable<ServerId>
{
    public int CompareTo(ServerId other) => Value.CompareTo(other.Value);
    public override string ToString() => $"server-{Value}";
}

/// <summary>A partition of a topic or of a store-version.</summary>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}-{Partition}";
}

/// <summary>A store-version: the VT <c>&lt;store&gt;_v&lt;N&gt;</c> is also its Helix resource name.</summary>
public readonly record struct StoreVersion(string Store, int Version)
{
    public string VersionTopic => $"{Store}_v{Version}";
    public string RealTimeTopic => $"{Store}_rt";
    public override string ToString() => VersionTopic;
}

/// <summary>A replica: one partition of one store-version on one server.</summary>
public readonly record struct ReplicaId(StoreVersion Version, int Partition, ServerId Server)
{
    public override string ToString() => $"{Version.VersionTopic}-{Partition}@{Server}";
}
