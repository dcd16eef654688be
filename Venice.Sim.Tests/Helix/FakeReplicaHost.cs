using Venice.Core;
using Venice.Core.Helix;

namespace Venice.Sim.Tests.Helix;

/// <summary>An IReplicaHost that records what the participant asked and reports the progress a test sets.</summary>
public sealed class FakeReplicaHost : IReplicaHost
{
    private readonly SortedDictionary<string, ReplicaProgress> progress = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = new();

    private static string Key(StoreVersion version, int partition) => $"{version.VersionTopic}-{partition}";

    public void SetProgress(StoreVersion version, int partition, ReplicaProgress value) => progress[Key(version, partition)] = value;

    public void Subscribe(StoreVersion version, int partition)
    {
        Calls.Add($"subscribe {Key(version, partition)}");
        if (!progress.ContainsKey(Key(version, partition))) progress[Key(version, partition)] = ReplicaProgress.Ingesting;
    }

    public void Unsubscribe(StoreVersion version, int partition)
    {
        Calls.Add($"unsubscribe {Key(version, partition)}");
        progress.Remove(Key(version, partition));
    }

    public void Drop(StoreVersion version, int partition)
    {
        Calls.Add($"drop {Key(version, partition)}");
        progress.Remove(Key(version, partition));
    }

    public void PromoteToLeader(StoreVersion version, int partition, long term) => Calls.Add($"promote {Key(version, partition)} term={term}");

    public void DemoteToStandby(StoreVersion version, int partition) => Calls.Add($"demote {Key(version, partition)}");

    public ReplicaProgress ProgressOf(StoreVersion version, int partition) =>
        progress.TryGetValue(Key(version, partition), out var value) ? value : ReplicaProgress.NotHosted;
}
