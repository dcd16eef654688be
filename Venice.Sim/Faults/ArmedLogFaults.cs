using Venice.Core;
using Venice.Core.Observability;
using Venice.Sim.InMemory;
using Venice.Sim.World;

namespace Venice.Sim.Faults;

/// <summary>
/// Lost and corrupted records: a fault is armed at a partition's end offset and strikes the first record
/// produced after it, right after the step that produced it and before any consumer can read it (a step
/// never both produces and consumes the same record). Struck records are remembered in the world's
/// <see cref="SimWorld.LogFaults"/>, so checkers can tell an injected loss from a bug.
/// </summary>
internal sealed class ArmedLogFaults(SimWorld world, IWritePathObserver observer, SeededRandom random, string actor)
{
    private readonly List<(TopicPartition Partition, long Offset, bool Corrupt)> armed = new();

    /// <summary>The next record produced to <paramref name="partition"/> after <paramref name="skipRecords"/> more is lost, or has one bit flipped.</summary>
    public void Arm(TopicPartition partition, bool corrupt, int skipRecords = 0) =>
        armed.Add((partition, world.Log.EndOffset(partition) + skipRecords, corrupt));

    /// <summary>Strikes every armed fault whose record has been produced.</summary>
    public void StrikeProduced()
    {
        for (int i = armed.Count - 1; i >= 0; i--)
        {
            var (partition, offset, corrupt) = armed[i];
            if (world.Log.EndOffset(partition) <= offset) continue;
            armed.RemoveAt(i);
            // The segment a lost record belonged to, read before it goes: div-catches-loss asks whether a later
            // record of that segment shows the gap.
            var segment = corrupt ? null : InjectedLogFaults.SegmentOf(world.Log, partition, offset);
            bool segmentStart = !corrupt && InjectedLogFaults.IsControl(world.Log, partition, offset, Venice.Core.Messages.ControlMessageType.StartOfSegment);
            bool struck = corrupt
                ? world.Log.TryGetRecordLength(partition, offset, out int length) &&
                  world.Log.CorruptRecord(partition, offset, random.NextInt(Math.Max(1, length * 8)))
                : world.Log.LoseRecord(partition, offset);
            if (!struck) continue;
            if (corrupt) world.LogFaults.Record(partition, offset);
            else world.LogFaults.RecordLoss(partition, offset, segment, segmentStart);
            observer.Note(actor, corrupt ? "record-corrupted" : "record-lost", $"{partition} offset {offset}");
        }
    }

    /// <summary>Disarms everything (the heal at the end of the fault phase).</summary>
    public void Clear() => armed.Clear();
}
