namespace Venice.Core.Defects;

/// <summary>
/// The defect catalog (docs/defects.md): seeded bugs that prove the harness has teeth. Each is one small,
/// named deviation at one place in Core (docs/defects.md says where and which invariant catches it).
/// All are off by default and none is reachable from ingestion options or scenario `config:`; only
/// <see cref="FromNames"/> (the CLI's --defect and a scenario's `defects:`) turns them on.
/// </summary>
public sealed record SeededDefects
{
    public const string PromoteWithoutWaitName = "promote-without-wait";
    public const string CheckpointBeforeSyncName = "checkpoint-before-sync";
    public const string CompleteBeforeEopName = "complete-before-eop";
    public const string ResumeRtFromLatestName = "resume-rt-from-latest";
    public const string DivIgnoresGapsName = "div-ignores-gaps";
    public const string DeciderIgnoresLeaderName = "decider-ignores-leader";
    public const string KeepCvOnDropName = "keep-cv-on-drop";
    public const string DemoteWithoutDrainName = "demote-without-drain";
    public const string SwapBeforeOnlineName = "swap-before-online";
    public const string RetireCurrentVersionName = "retire-current-version";
    public const string RetireWithoutDropName = "retire-without-drop";
    public const string SwapToFailedPushName = "swap-to-failed-push";
    public const string FollowerSkipsLagCheckName = "follower-skips-lag-check";
    public const string PromotionWaitFromStartName = "promotion-wait-from-start";
    public const string RunStaleSessionMessageName = "run-stale-session-message";
    public const string FailedSendReusesSequenceName = "failed-send-reuses-sequence";

    public static SeededDefects None { get; } = new();

    /// <summary>LeadershipTransitions.PromotionEligibleAtMs: the promotion gate opens at once (no DoL read-back, no inactivity wait).</summary>
    public bool PromoteWithoutWait { get; init; }

    /// <summary>PartitionCheckpointer.Checkpoint: the OffsetRecord is written before storage.Sync().</summary>
    public bool CheckpointBeforeSync { get; init; }

    /// <summary>ReadyToServeCheck.Check: readiness does not wait for END_OF_PUSH.</summary>
    public bool CompleteBeforeEop { get; init; }

    /// <summary>LeaderReplay.SwitchToUpstream: a new leader starts the RT at its end, not after the last upstream offset in the VT.</summary>
    public bool ResumeRtFromLatest { get; init; }

    /// <summary>The drainer's PartitionTracker accepts sequence gaps (ignoreGaps).</summary>
    public bool DivIgnoresGaps { get; init; }

    /// <summary>PushStatusDecider.DecidePartition: the EV leader need not be COMPLETED.</summary>
    public bool DeciderIgnoresLeader { get; init; }

    /// <summary>PushStatusNotifier.Dropped: a dropped replica's CV entry is left behind.</summary>
    public bool KeepCvOnDrop { get; init; }

    /// <summary>LeadershipTransitions.LeaderToStandby: the leader becomes STANDBY without persisting what it produced.</summary>
    public bool DemoteWithoutDrain { get; init; }

    /// <summary>Venice.Sim's controller (VersionLifecycle): the store's current version swaps to a new version once its push job wrote END_OF_PUSH, before the push is COMPLETED and the version ONLINE.</summary>
    public bool SwapBeforeOnline { get; init; }

    /// <summary>Venice.Sim's controller (VersionLifecycle): retention is applied when a push starts, counting the new, still ingesting version, so with one version kept the serving version is retired.</summary>
    public bool RetireCurrentVersion { get; init; }

    /// <summary>Venice.Sim's controller (VersionLifecycle): a retired version is forgotten without dropping its Helix resource, so its replicas, storage and CV entries stay.</summary>
    public bool RetireWithoutDrop { get; init; }

    /// <summary>Venice.Sim's controller (VersionLifecycle): a push that failed (ERROR) or was killed still becomes the store's current version.</summary>
    public bool SwapToFailedPush { get; init; }
    /// <summary>ReadyToServeCheck.Check: a hybrid STANDBY replica reports COMPLETED without its offset-lag check.</summary>
    public bool FollowerSkipsLagCheck { get; init; }

    /// <summary>LeadershipTransitions.PromotionEligibleAtMs: the inactivity wait is timed from the transition's start, so VT writes during it no longer extend it.</summary>
    public bool PromotionWaitFromStart { get; init; }

    /// <summary>HelixParticipant.Handle: a transition message addressed to an older (or expired) session is run instead of discarded.</summary>
    public bool RunStaleSessionMessage { get; init; }

    /// <summary>VeniceWriter.Put: a PUT whose send finally fails gives its sequence number back, so the writer's next record reuses it.</summary>
    public bool FailedSendReusesSequence { get; init; }

    public static IReadOnlyList<string> Names { get; } =
    [
        PromoteWithoutWaitName, CheckpointBeforeSyncName, CompleteBeforeEopName, ResumeRtFromLatestName,
        DivIgnoresGapsName, DeciderIgnoresLeaderName, KeepCvOnDropName, DemoteWithoutDrainName,
        SwapBeforeOnlineName, RetireCurrentVersionName, RetireWithoutDropName, SwapToFailedPushName,
        FollowerSkipsLagCheckName, PromotionWaitFromStartName, RunStaleSessionMessageName, FailedSendReusesSequenceName,
    ];

    /// <summary>Turns on the named defects; an unknown name is an error (the CLI validates names first).</summary>
    public static SeededDefects FromNames(IEnumerable<string> names)
    {
        var defects = None;
        foreach (var name in names)
        {
            defects = name switch
            {
                PromoteWithoutWaitName => defects with { PromoteWithoutWait = true },
                CheckpointBeforeSyncName => defects with { CheckpointBeforeSync = true },
                CompleteBeforeEopName => defects with { CompleteBeforeEop = true },
                ResumeRtFromLatestName => defects with { ResumeRtFromLatest = true },
                DivIgnoresGapsName => defects with { DivIgnoresGaps = true },
                DeciderIgnoresLeaderName => defects with { DeciderIgnoresLeader = true },
                KeepCvOnDropName => defects with { KeepCvOnDrop = true },
                DemoteWithoutDrainName => defects with { DemoteWithoutDrain = true },
                SwapBeforeOnlineName => defects with { SwapBeforeOnline = true },
                RetireCurrentVersionName => defects with { RetireCurrentVersion = true },
                RetireWithoutDropName => defects with { RetireWithoutDrop = true },
                SwapToFailedPushName => defects with { SwapToFailedPush = true },
                FollowerSkipsLagCheckName => defects with { FollowerSkipsLagCheck = true },
                PromotionWaitFromStartName => defects with { PromotionWaitFromStart = true },
                RunStaleSessionMessageName => defects with { RunStaleSessionMessage = true },
                FailedSendReusesSequenceName => defects with { FailedSendReusesSequence = true },
                _ => throw new ArgumentException($"unknown defect '{name}'; expected one of: {string.Join(", ", Names)}", nameof(names)),
            };
        }
        return defects;
    }
}
