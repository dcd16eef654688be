namespace Venice.Sim.Model;

/// <summary>A catalog entry: a contract name (docs/invariants.md, §6) and a one-line description.</summary>
public sealed record CatalogEntry(string Name, string Description);

/// <summary>
/// An ordered, closed list of names. The order is the documented order and is used for every
/// listing and canonical ordering, so that no hash order ever reaches output.
/// </summary>
public sealed class NameCatalog
{
    private readonly HashSet<string> names;

    public NameCatalog(IReadOnlyList<CatalogEntry> entries)
    {
        Entries = entries;
        names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!names.Add(entry.Name))
            {
                throw new ArgumentException($"duplicate catalog name '{entry.Name}'", nameof(entries));
            }
        }
    }

    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>The names in catalog order.</summary>
    public IReadOnlyList<string> Names => Entries.Select(entry => entry.Name).ToArray();

    public bool Contains(string name) => names.Contains(name);

    /// <summary>Position in the catalog, or -1; used to put user-given names in canonical order.</summary>
    public int IndexOf(string name)
    {
        for (var index = 0; index < Entries.Count; index++)
        {
            if (string.Equals(Entries[index].Name, name, StringComparison.Ordinal))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>"a, b, c" in catalog order, for "expected one of" messages.</summary>
    public string Describe() => string.Join(", ", Names);
}

/// <summary>The invariant names of docs/invariants.md. Scenario files and the engine both use these.</summary>
public static class InvariantNames
{
    public const string SingleLeaderWriter = "single-leader-writer";
    public const string CheckpointNotAhead = "checkpoint-not-ahead";
    public const string StatusOrder = "status-order";
    public const string OnlineHasData = "online-has-data";
    public const string ViewConsistency = "view-consistency";
    public const string NoFalseDiv = "no-false-div";
    public const string DivCatchesLoss = "div-catches-loss";
    public const string ReplicasConverge = "replicas-converge";
    public const string NoLostWrites = "no-lost-writes";
    public const string PushCompletes = "push-completes";
    public const string LeaderElected = "leader-elected";
    public const string FollowersCatchUp = "followers-catch-up";
    public const string CurrentVersionOnline = "current-version-online";
    public const string ReadsHaveServingVersion = "reads-have-serving-version";
    public const string RetiredVersionClean = "retired-version-clean";
    public const string FailedPushKeepsCurrent = "failed-push-keeps-current";
    public const string CompletedWithinLag = "completed-within-lag";
    public const string PromotionAfterQuietVt = "promotion-after-quiet-vt";
    public const string SessionFencing = "session-fencing";

    public static NameCatalog Catalog { get; } = new(
    [
        new(SingleLeaderWriter, "At most one leader's records reach a partition's version topic in any stretch; an old leader never writes after a newer one started."),
        new(CheckpointNotAhead, "An offset record never covers data that is not durable."),
        new(StatusOrder, "Per replica: COMPLETED never before EOP, never twice in an incarnation, never after ERROR; hybrid COMPLETED only after TOPIC_SWITCH and the lag check."),
        new(OnlineHasData, "A version goes ONLINE only when every partition has the required COMPLETED replicas, the EV leader among them, each holding all pushed records."),
        new(ViewConsistency, "At most one LEADER per partition in the external view; no customized-view entry for a dropped replica."),
        new(NoFalseDiv, "No DIV error without an injected log fault."),
        new(DivCatchesLoss, "A replica that missed or got a corrupt record never reports COMPLETED with that data."),
        new(ReplicasConverge, "At quiescence all serving replicas of a partition hold identical content, equal to the reference model of the writes."),
        new(NoLostWrites, "At quiescence a serving replica of an ONLINE version reflects every acknowledged write (last writer wins per key in log order)."),
        new(PushCompletes, "Within the settle bound the push reaches a final status."),
        new(LeaderElected, "Within the settle bound every partition has a leader."),
        new(FollowersCatchUp, "Within the settle bound every follower catches up with its leader."),
        new(CurrentVersionOnline, "A store's current version only ever swaps to a version that is ONLINE."),
        new(ReadsHaveServingVersion, "From a store's first ONLINE version on, its current version has, for every partition, a replica that reached COMPLETED and was not dropped."),
        new(RetiredVersionClean, "At the end of the run a retired, failed or killed version has no customized-view entry, no storage and no ingesting replica on any server."),
        new(FailedPushKeepsCurrent, "A failed or killed push never becomes, and never changes, the store's current version."),
        new(CompletedWithinLag, "A hybrid STANDBY replica reports COMPLETED only with its VT offset lag within max(threshold / partitions, 1) (three times that on a restart's fast path)."),
        new(PromotionAfterQuietVt, "A standby becomes leader only after its partition's VT had no new record for the promotion delay, so a zombie's writes delay it."),
        new(SessionFencing, "A participant runs only the Helix transitions addressed to the metadata session it holds."),
    ]);
}

/// <summary>The seeded defects of docs/defects.md; off unless a scenario or --defect asks for one. The names are Core's (one list: SeededDefects); this adds the descriptions.</summary>
public static class DefectNames
{
    public const string PromoteWithoutWait = Venice.Core.Defects.SeededDefects.PromoteWithoutWaitName;
    public const string CheckpointBeforeSync = Venice.Core.Defects.SeededDefects.CheckpointBeforeSyncName;
    public const string CompleteBeforeEop = Venice.Core.Defects.SeededDefects.CompleteBeforeEopName;
    public const string ResumeRtFromLatest = Venice.Core.Defects.SeededDefects.ResumeRtFromLatestName;
    public const string DivIgnoresGaps = Venice.Core.Defects.SeededDefects.DivIgnoresGapsName;
    public const string DeciderIgnoresLeader = Venice.Core.Defects.SeededDefects.DeciderIgnoresLeaderName;
    public const string KeepCvOnDrop = Venice.Core.Defects.SeededDefects.KeepCvOnDropName;
    public const string DemoteWithoutDrain = Venice.Core.Defects.SeededDefects.DemoteWithoutDrainName;
    public const string SwapBeforeOnline = Venice.Core.Defects.SeededDefects.SwapBeforeOnlineName;
    public const string RetireCurrentVersion = Venice.Core.Defects.SeededDefects.RetireCurrentVersionName;
    public const string RetireWithoutDrop = Venice.Core.Defects.SeededDefects.RetireWithoutDropName;
    public const string SwapToFailedPush = Venice.Core.Defects.SeededDefects.SwapToFailedPushName;
    public const string FollowerSkipsLagCheck = Venice.Core.Defects.SeededDefects.FollowerSkipsLagCheckName;
    public const string PromotionWaitFromStart = Venice.Core.Defects.SeededDefects.PromotionWaitFromStartName;
    public const string RunStaleSessionMessage = Venice.Core.Defects.SeededDefects.RunStaleSessionMessageName;
    public const string FailedSendReusesSequence = Venice.Core.Defects.SeededDefects.FailedSendReusesSequenceName;

    public static NameCatalog Catalog { get; } = new(
    [
        new(PromoteWithoutWait, "A standby becomes leader without waiting out the promotion delay."),
        new(CheckpointBeforeSync, "The offset record is written before the storage engine syncs the data it covers."),
        new(CompleteBeforeEop, "A replica reports COMPLETED before it has consumed END_OF_PUSH."),
        new(ResumeRtFromLatest, "A new leader resumes the real-time topic from its latest offset instead of the checkpointed one."),
        new(DivIgnoresGaps, "Data integrity validation accepts a gap in a producer segment's sequence numbers."),
        new(DeciderIgnoresLeader, "The push status decider does not require the external-view leader among the COMPLETED replicas."),
        new(KeepCvOnDrop, "A dropped replica keeps its customized-view entry."),
        new(DemoteWithoutDrain, "A demoted leader stops without draining records it already produced."),
        new(SwapBeforeOnline, "The current version swaps to a new version once its push job wrote END_OF_PUSH, before the version is ONLINE."),
        new(RetireCurrentVersion, "Retention is applied when a push starts, counting the new version, so the serving version can be retired."),
        new(RetireWithoutDrop, "A retired version is forgotten without dropping its partitions on the servers."),
        new(SwapToFailedPush, "A failed push still becomes the store's current version."),
        new(FollowerSkipsLagCheck, "A hybrid follower reports COMPLETED without checking its offset lag."),
        new(PromotionWaitFromStart, "A new leader times its inactivity wait from the transition's start, so a zombie's writes no longer extend it."),
        new(RunStaleSessionMessage, "A Helix participant runs a transition message addressed to an older session instead of discarding it."),
        new(FailedSendReusesSequence, "A real-time PUT whose send finally fails gives its sequence number back, so the next record reuses it."),
    ]);
}

/// <summary>Version statuses a scenario may expect (Venice's VersionStatus names).</summary>
public static class VersionStatusNames
{
    public static NameCatalog Catalog { get; } = new(
    [
        new("NOT_CREATED", "The version was never created."),
        new("STARTED", "The push started and has not finished."),
        new("PUSHED", "The push completed but the version swap is deferred."),
        new("ONLINE", "The push completed and the version serves reads."),
        new("ERROR", "The push failed."),
        new("KILLED", "The push was killed."),
    ]);
}
