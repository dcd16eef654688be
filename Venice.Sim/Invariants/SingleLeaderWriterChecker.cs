using Venice.Core;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Sim.Scenarios;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// single-leader-writer: reads each VT partition's new records after every step and follows the leaders
/// whose data records (leader metadata with an upstream offset) land there. Once a leader with a newer
/// term has written, a record from an older term, or from another host of the same term, is a
/// violation: two leaders wrote the partition in one stretch.
/// </summary>
public sealed class SingleLeaderWriterChecker(InvariantMonitor monitor, CheckedWorld world, StoreVersion version, int partitions)
{
    private readonly long[] nextOffset = new long[partitions];
    private readonly (long Term, int Host)?[] current = new (long, int)?[partitions];

    public void AfterStep()
    {
        for (int partition = 0; partition < partitions; partition++)
        {
            var vt = new TopicPartition(version.VersionTopic, partition);
            while (world.TryReadLog(vt, nextOffset[partition], out var entry))
            {
                nextOffset[partition] = entry.Offset + 1;
                var record = RecordCodec.Decode(entry.Payload, out DecodeStatus decodeStatus);
                if (decodeStatus != DecodeStatus.Ok) continue;
                if (!record.IsData || !record.HasLeaderMetadata || record.Leader.UpstreamOffset < 0) continue;
                Observe(vt, entry.Offset, record.Leader);
            }
        }
    }

    private void Observe(TopicPartition vt, long offset, LeaderMetadata leader)
    {
        var latest = current[vt.Partition];
        if (latest is null || leader.Term > latest.Value.Term)
        {
            current[vt.Partition] = (leader.Term, leader.HostId);
            return;
        }
        if (leader.Term < latest.Value.Term || leader.HostId != latest.Value.Host)
        {
            monitor.Report(InvariantNames.SingleLeaderWriter,
                $"{vt} offset {offset}: server-{leader.HostId} (term {leader.Term}) wrote after server-{latest.Value.Host} (term {latest.Value.Term}) had started writing");
        }
    }
}
