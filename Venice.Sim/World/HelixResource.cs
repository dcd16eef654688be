using Venice.Core;

namespace Venice.Sim.World;

/// <summary>A Helix resource (one store-version) as the Helix controller plans it: a plan per partition.</summary>
internal sealed class HelixResource(StoreVersion version, int partitions, int replicationFactor)
{
    public StoreVersion Version { get; } = version;
    public int ReplicationFactor { get; } = replicationFactor;
    public PartitionPlan[] Partitions { get; } = Enumerable.Range(0, partitions).Select(_ => new PartitionPlan()).ToArray();

    /// <summary>
    /// The resource is being deleted (its version retired, failed or killed): it has no ideal state any more,
    /// so every replica is taken to DROPPED and none is ever placed again.
    /// </summary>
    public bool Dropping { get; set; }
}

/// <summary>One partition's ideal state: where its replicas go, where they belong, and a planned leader move.</summary>
internal sealed class PartitionPlan
{
    /// <summary>The ideal state's instances, in preference order: the earlier STANDBY becomes leader.</summary>
    public List<ServerId> Assignment { get; } = new();

    /// <summary>
    /// The ideal placement: the first R servers the partition was ever placed on (Helix computes it
    /// over all instances, live or not). A server in <see cref="Assignment"/> that is not here is a
    /// replacement, kept only while a preferred server is missing or not yet serving.
    /// </summary>
    public List<ServerId> Preferred { get; } = new();

    public LeaderMove? Move { get; set; }

    /// <summary>Whether a leader was ever promoted; the first election waits for the preferred replica.</summary>
    public bool HadLeader { get; set; }
}

/// <summary>A planned leader move: demote <see cref="From"/>, then promote <see cref="To"/> (any other STANDBY if null).</summary>
internal sealed record LeaderMove(ServerId? From, ServerId? To);
