using System.Buffers;
using Venice.Core;
using Venice.Core.Log;

namespace Venice.Sim.Tests.Producer;

/// <summary>What the fake log does with one produce call.</summary>
internal enum ScriptedProduce
{
    Land,
    /// <summary>The record is not stored and the producer is told it failed.</summary>
    FailWithoutLanding,
    /// <summary>The record is stored but the producer is told it failed (a lost acknowledgement), so a retry duplicates it.</summary>
    FailAfterLanding,
}

/// <summary>A tiny in-memory ILog for unit tests: a list of byte arrays per partition, with scripted failures.</summary>
internal sealed class FakeLog : ILog
{
    private readonly Dictionary<string, List<byte[]>[]> topics = new(StringComparer.Ordinal);
    private readonly Queue<ScriptedProduce> script = new();

    public int ProduceCalls { get; private set; }

    /// <summary>The next produce calls behave as listed; after that, every produce lands.</summary>
    public void Script(params ScriptedProduce[] outcomes)
    {
        foreach (ScriptedProduce outcome in outcomes) script.Enqueue(outcome);
    }

    public void CreateTopic(string topic, int partitionCount)
    {
        if (topics.ContainsKey(topic)) return;
        topics[topic] = Enumerable.Range(0, partitionCount).Select(_ => new List<byte[]>()).ToArray();
    }

    public bool TopicExists(string topic) => topics.ContainsKey(topic);

    public int PartitionCount(string topic) => topics.TryGetValue(topic, out List<byte[]>[]? partitions) ? partitions.Length : 0;

    public ProduceResult Produce(TopicPartition partition, ReadOnlySpan<byte> payload)
    {
        ProduceCalls++;
        if (!topics.TryGetValue(partition.Topic, out List<byte[]>[]? partitions) || partition.Partition >= partitions.Length)
        {
            return ProduceResult.NoSuchTopic;
        }
        ScriptedProduce outcome = script.Count > 0 ? script.Dequeue() : ScriptedProduce.Land;
        if (outcome == ScriptedProduce.FailWithoutLanding) return ProduceResult.Failed;

        List<byte[]> records = partitions[partition.Partition];
        records.Add(payload.ToArray());
        return outcome == ScriptedProduce.FailAfterLanding ? ProduceResult.Failed : ProduceResult.Ok(records.Count - 1);
    }

    public bool TryRead(TopicPartition partition, long fromOffset, out LogEntry entry)
    {
        List<byte[]> records = Records(partition.Topic, partition.Partition);
        if (fromOffset < 0 || fromOffset >= records.Count)
        {
            entry = default;
            return false;
        }
        entry = new LogEntry(fromOffset, new ReadOnlySequence<byte>(records[(int)fromOffset]));
        return true;
    }

    public long EndOffset(TopicPartition partition) => Records(partition.Topic, partition.Partition).Count;

    /// <summary>The stored records of a partition, in log order; tests may drop or flip them to play a faulty log.</summary>
    public List<byte[]> Records(string topic, int partition) => topics[topic][partition];
}
