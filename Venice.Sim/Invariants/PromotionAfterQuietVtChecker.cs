using Venice.Core;
using Venice.Core.Log;
using Venice.Core.Observability;
using Venice.Sim.Model;

namespace Venice.Sim.Invariants;

/// <summary>
/// promotion-after-quiet-vt: a standby completes its promotion to leader only when its partition's version
/// topic has had no new record for the promotion delay (newLeaderInactiveTime; Venice §2 "Promotion gate").
/// The checker notes, after every step, when each VT partition last grew; a record a zombie leader writes
/// during the wait therefore restarts it, and a gate that times the wait from anything else (the
/// transition's start, say) is caught when the zombie wrote late in it. One second of slack: the gate counts
/// from the last record the replica consumed and counted, the checker from when the partition grew, which
/// may be the replica's own Declaration of Leadership a few steps later.
/// </summary>
internal sealed class PromotionAfterQuietVtChecker(InvariantMonitor monitor, CheckedWorld world, StoreVersion version, int partitions, long promotionDelayMs)
    : WritePathObserverBase
{
    /// <summary>How much earlier than the partition's last growth the gate may have started its wait.</summary>
    public const long SlackMs = 1_000;

    private readonly long[] seenEnd = Enumerable.Repeat(0L, partitions).ToArray();
    private readonly long[] lastGrewAtMs = Enumerable.Repeat(long.MinValue, partitions).ToArray();

    /// <summary>After each step: a partition whose end moved grew during the step just taken.</summary>
    public void AfterStep()
    {
        for (int p = 0; p < partitions; p++)
        {
            long end = world.EndOffset(new TopicPartition(version.VersionTopic, p));
            if (end == seenEnd[p]) continue;
            seenEnd[p] = end;
            lastGrewAtMs[p] = world.NowMs;
        }
    }

    public override void PromotionProgressed(ReplicaId replica, long term, bool completed)
    {
        if (!completed || replica.Version != version || replica.Partition >= partitions) return;
        long quietSince = lastGrewAtMs[replica.Partition];
        if (quietSince == long.MinValue) return;
        long now = world.NowMs;
        if (now - quietSince < promotionDelayMs - SlackMs)
        {
            monitor.Report(InvariantNames.PromotionAfterQuietVt,
                $"{replica} became leader (term {term}) at {now} ms, {now - quietSince} ms after its version topic last grew; the promotion delay is {promotionDelayMs} ms");
        }
    }
}
