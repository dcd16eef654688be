using Venice.Core.LeaderFollower;
using Venice.Core.Messages;
using Venice.Core.Producer;

namespace Venice.Core.Ingestion;

/// <summary>
/// Promotion and demotion of a partition inside one ingestion task (docs/venice-write-path.md §2): STANDBY_TO_LEADER
/// declares leadership and waits at the promotion gate, the gate opens into LEADER, LEADER_TO_STANDBY
/// drains what the leader produced and resumes the local VT. Every state change goes through
/// <see cref="LeaderFollowerTransitions"/> (enforced by <see cref="LeadershipState"/>).
/// </summary>
internal sealed class LeadershipTransitions(IngestionContext context, StoreVersion version, long versionTopicIdleDelayMs,
    LeaderReplay replay, VersionTopicDrainer drainer, PartitionCheckpointer checkpointer)
{
    private long Now => context.Clock.NowMs;

    private string Actor => context.Server.ToString();

    /// <summary>
    /// STANDBY_TO_LEADER: produce a Declaration of Leadership to the local VT and enter
    /// IN_TRANSITION_FROM_STANDBY_TO_LEADER, still consuming the VT as a follower until the gate opens.
    /// Skipped (done) unless the replica is a healthy STANDBY. Always done otherwise: in Venice the DoL
    /// is an asynchronous send that the Kafka producer retries (every retry.backoff.ms, 100 ms, for up to
    /// delivery.timeout.ms, 120 s), so a broker the server cannot reach for a while delays the
    /// declaration but never fails the Helix transition; <see cref="ResendDeclaration"/> is that retry.
    /// </summary>
    public bool StandbyToLeader(PartitionConsumptionState state, long term)
    {
        var leadership = state.Leadership;
        if (leadership.State != LeaderFollowerState.STANDBY || state.Errored) return true;
        leadership.Term = term;
        leadership.DeclarationConsumed = false;
        leadership.DeclarationOffset = -1;
        leadership.DeclarationResendAtMs = null;
        leadership.PromotionStartedAtMs = Now;
        NewWriter(state);
        if (context.Options.UseDeclarationOfLeadership) SendDeclaration(state);
        leadership.State = LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER;
        context.Observer.Note(Actor, "leader-transition", $"{state.Replica} term={term} dol={leadership.DeclarationOffset}");
        context.Observer.PromotionProgressed(state.Replica, term, completed: false);
        return true;
    }

    /// <summary>Kafka's retry.backoff.ms: how long a failed DoL send waits before the next attempt.</summary>
    public const long DeclarationRetryBackoffMs = 100;

    /// <summary>Kafka's delivery.timeout.ms: after this long the DoL is given up and the gate waits for the DoL timeout.</summary>
    public const long DeclarationDeliveryTimeoutMs = 120_000;

    /// <summary>When the pending DoL of a replica in transition is due to be sent again; null when none is pending.</summary>
    public static long? DeclarationResendDueAtMs(PartitionConsumptionState state) =>
        state.Leadership.IsInTransition ? state.Leadership.DeclarationResendAtMs : null;

    /// <summary>Sends the pending DoL again, from a fresh producer (the failed one's segment is abandoned).</summary>
    public void ResendDeclaration(PartitionConsumptionState state)
    {
        NewWriter(state);
        SendDeclaration(state);
    }

    private void NewWriter(PartitionConsumptionState state)
    {
        var writer = new VeniceWriter(context.Log, version.VersionTopic, context.Random.NextProducerGuid(),
            context.Options.Checksum, context.Clock, new LeaderMetadata(context.Server.Value, -1, state.Leadership.Term), context.Options.Defects);
        writer.OnProduced = (_, offset, produced) => replay.PersistProduced(state, offset, produced);
        state.Leadership.Writer = writer;
    }

    private void SendDeclaration(PartitionConsumptionState state)
    {
        var leadership = state.Leadership;
        var result = leadership.Writer!.SendControl(state.Partition, ControlPayload.DeclarationOfLeadership());
        if (result.Succeeded)
        {
            leadership.DeclarationOffset = result.Offset;
            leadership.DeclarationResendAtMs = null;
            return;
        }
        bool givenUp = Now - leadership.PromotionStartedAtMs >= DeclarationDeliveryTimeoutMs;
        leadership.DeclarationResendAtMs = givenUp ? null : Now + DeclarationRetryBackoffMs;
        context.Observer.Note(Actor, "dol-send-failed", $"{state.Replica} term={leadership.Term} {(givenUp ? "given up" : "retry")}");
    }

    /// <summary>
    /// When the promotion gate of a replica in transition opens; null when none is in transition. The
    /// legacy gate waits for VT inactivity; with DoL, also for the declaration to come back, or for its
    /// timeout, after which the legacy gate alone decides.
    /// </summary>
    public long? PromotionEligibleAtMs(PartitionConsumptionState state)
    {
        var leadership = state.Leadership;
        if (!leadership.IsInTransition) return null;
        if (context.Options.Defects.PromoteWithoutWait) return leadership.PromotionStartedAtMs; // DEFECT promote-without-wait
        // The wait restarts with every VT record consumed, so a zombie still writing keeps the new leader waiting.
        long idleSinceMs = context.Options.Defects.PromotionWaitFromStart
            ? leadership.PromotionStartedAtMs // DEFECT promotion-wait-from-start
            : state.VersionTopic.LastVtRecordConsumedAtMs;
        long versionTopicIdleAt = idleSinceMs + versionTopicIdleDelayMs;
        if (!context.Options.UseDeclarationOfLeadership || leadership.DeclarationConsumed) return versionTopicIdleAt;
        long declarationTimeoutAt = leadership.PromotionStartedAtMs + context.Options.DeclarationOfLeadershipTimeoutMs;
        return Math.Max(versionTopicIdleAt, declarationTimeoutAt);
    }

    /// <summary>The gate is open: become LEADER (docs/venice-write-path.md §2 "Then:").</summary>
    public void Promote(PartitionConsumptionState state)
    {
        var leadership = state.Leadership;
        leadership.State = LeaderFollowerState.LEADER;
        leadership.ConsumerDiv = state.VersionTopic.DrainerDiv.Clone();
        // A new leadership starts from storage: nothing of its own is in flight yet.
        leadership.TransientRecords.Clear();
        context.Observer.Note(Actor, "leader-promoted",
            $"{state.Replica} term={leadership.Term} dol={(leadership.DeclarationConsumed ? "read-back" : "timeout")}");
        context.Observer.PromotionProgressed(state.Replica, leadership.Term, completed: true);
        if (state.VersionTopic.HasUpstream)
        {
            replay.SwitchToUpstream(state);
        }
        else
        {
            leadership.LeaderTopic = version.VersionTopic;
        }
    }

    /// <summary>
    /// LEADER_TO_STANDBY: skipped if already STANDBY. A leader on the RT stops consuming it, drains what
    /// it produced (persisted synchronously from the produce callback in this model), closes its VT
    /// segment, becomes STANDBY, persists its OffsetRecord and resumes the local VT after its last
    /// processed position. A replica still in transition just goes back to STANDBY.
    /// </summary>
    public void LeaderToStandby(PartitionConsumptionState state)
    {
        var leadership = state.Leadership;
        if (leadership.State == LeaderFollowerState.STANDBY) return;
        bool wasConsumingUpstream = state.ConsumesUpstream;
        // Closing the partition's segment produces a final END_OF_SEGMENT: queued for the drainer while
        // still consuming upstream, consumed back from the VT otherwise.
        leadership.Writer?.EndSegment(state.Partition, finalSegment: true);
        if (wasConsumingUpstream && context.Options.Defects.DemoteWithoutDrain)
        {
            drainer.TakeProducedAsProcessed(state, leadership.LastProducedVtOffset); // DEFECT demote-without-drain
        }
        else if (wasConsumingUpstream)
        {
            // Wait for the last produce to be persisted before becoming STANDBY (Venice: drain the
            // drainer, wait last produce/persist), so the VT position below covers what was produced.
            while (drainer.HasProducedToPersist(state)) drainer.DrainProduced(state, int.MaxValue);
        }
        leadership.Writer = null;
        leadership.ConsumerDiv = null;
        // Everything produced is persisted now (or, under the defect, given up): storage is current.
        leadership.TransientRecords.Clear();
        leadership.State = LeaderFollowerState.STANDBY;
        if (wasConsumingUpstream) drainer.ResumeAfterLastProcessed(state);
        drainer.RestartInactivityClock(state);
        checkpointer.Checkpoint(state);
        context.Observer.Note(Actor, "leader-demoted", $"{state.Replica} resume-vt={state.VersionTopic.NextVtOffset}");
    }
}
