using Venice.Core;

namespace Venice.Sim.World;

/// <summary>
/// Which log records the simulation destroyed on purpose (lost or corrupted), so the DIV invariants can
/// tell an expected DIV error from a false one. Written only by the fault injector.
/// </summary>
public sealed class InjectedLogFaults
{
    private readonly SortedDictionary<string, SortedSet<long>> faulted = new(StringComparer.Ordinal);

    public void Record(TopicPartition partition, long offset)
    {
        string key = partition.ToString();
        if (!faulted.TryGetValue(key, out var offsets))
        {
            offsets = new SortedSet<long>();
            faulted.Add(key, offsets);
        }
        offsets.Add(offset);
    }

    public bool Any(TopicPartition partition) => faulted.TryGetValue(partition.ToString(), out var offsets) && offsets.Count > 0;

    public bool AnyAtOrBefore(TopicPartition partition, long offset) =>
        faulted.TryGetValue(partition.ToString(), out var offsets) && offsets.Count > 0 && offsets.Min <= offset;

    public int Count => faulted.Values.Sum(o => o.Count);
}
