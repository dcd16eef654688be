namespace Venice.Core;

/// <summary>A storage server (a Helix participant). Rendered as <c>server-N</c>.</summary>
public readonly record struct ServerId(int Value) : IComparable<ServerId>
{
    // Names are written into every trace line and metadata path: the first few hundred are made once.
    private static readonly string[] Names = Enumerable.Range(0, 256).Select(static i => $"server-{i}").ToArray();

    public int CompareTo(ServerId other) => Value.CompareTo(other.Value);
    public override string ToString() => (uint)Value < (uint)Names.Length ? Names[Value] : $"server-{Value}";
}

/// <summary>A partition of a topic or of a store-version.</summary>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}-{Partition}";
}

/// <summary>A store-version: the VT <c>&lt;store&gt;_v&lt;N&gt;</c> is also its Helix resource name.</summary>
public readonly record struct StoreVersion(string Store, int Version)
{
    // Made once per value: the topic name is asked for on every log read, metadata path and task lookup.
    private readonly string? versionTopic = $"{Store}_v{Version}";

    public string VersionTopic => versionTopic ?? $"{Store}_v{Version}";

    /// <summary>Equal when store and version are (the cached topic name follows from them).</summary>
    public bool Equals(StoreVersion other) => Version == other.Version && string.Equals(Store, other.Store, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Store, Version);

    public string RealTimeTopic => $"{Store}_rt";
    public override string ToString() => VersionTopic;
}

/// <summary>A replica: one partition of one store-version on one server.</summary>
public readonly record struct ReplicaId(StoreVersion Version, int Partition, ServerId Server)
{
    public override string ToString() => $"{Version.VersionTopic}-{Partition}@{Server}";
}
