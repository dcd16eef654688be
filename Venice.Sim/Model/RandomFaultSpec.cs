namespace Venice.Sim.Model;

/// <summary>Where a scenario's `random:` faults land.</summary>
public enum RandomPlacement
{
    /// <summary>At write-path milestones (docs/faults.md): which one, its occurrence and the server are the seed's (or Coyote's) choice.</summary>
    Milestones,

    /// <summary>At a sim time in the fault phase, uniformly (Coyote: on a 250 ms grid).</summary>
    Time,
}

/// <summary>A scenario's `random:`: how many faults of each kind the seed places, and where.</summary>
/// <param name="Placement">At milestones (the default) or at times.</param>
/// <param name="AimAt">The milestones to choose among (milestone placement); null for the default menu (docs/faults.md).</param>
public sealed record RandomFaultSpec(int Crashes, int SessionExpiries, int Pauses, int Isolations,
    RandomPlacement Placement = RandomPlacement.Milestones, IReadOnlyList<MilestoneKind>? AimAt = null)
{
    public static RandomFaultSpec None { get; } = new(0, 0, 0, 0);

    public bool Any => Crashes + SessionExpiries + Pauses + Isolations > 0;

    /// <summary>
    /// The milestones a random fault may be aimed at when <see cref="AimAt"/> is not given: where Venice's
    /// bugs live. START_OF_PUSH and END_OF_PUSH each have a "before" (written, not yet consumed) and an
    /// "after" (a replica consumed it); TOPIC_SWITCH is on the menu of worlds with a hybrid store only.
    /// </summary>
    public static IReadOnlyList<MilestoneKind> DefaultAim { get; } =
    [
        MilestoneKind.StartOfPushWritten,
        MilestoneKind.StartOfPushConsumed,
        MilestoneKind.EndOfPushWritten,
        MilestoneKind.EndOfPushConsumed,
        MilestoneKind.TopicSwitchConsumed,
        MilestoneKind.PromotionStarted,
        MilestoneKind.PromotionCompleted,
        MilestoneKind.CheckpointWritten,
        MilestoneKind.ReplicaDropped,
        MilestoneKind.TransitionDelivered,
        MilestoneKind.StatusReported,
    ];

    /// <summary>Equal when the counts, placement and aimed milestones (in order) are.</summary>
    public bool Equals(RandomFaultSpec? other) =>
        other is not null && Crashes == other.Crashes && SessionExpiries == other.SessionExpiries && Pauses == other.Pauses &&
        Isolations == other.Isolations && Placement == other.Placement &&
        (AimAt ?? []).SequenceEqual(other.AimAt ?? []) && (AimAt is null) == (other.AimAt is null);

    /// <summary>Consistent with <see cref="Equals(RandomFaultSpec?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Crashes, SessionExpiries, Pauses, Isolations, Placement, AimAt?.Count ?? -1);
}
