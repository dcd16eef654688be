namespace Venice.Core.LeaderFollower;

/// <summary>A partition's leader/follower state inside the ingestion task (Venice's LeaderFollowerStateType).</summary>
public enum LeaderFollowerState
{
    STANDBY,
    IN_TRANSITION_FROM_STANDBY_TO_LEADER,
    LEADER,
}

/// <summary>
/// The one transition table of LeaderFollowerState. STANDBY→IN_TRANSITION on STANDBY_TO_LEADER;
/// IN_TRANSITION→LEADER when the promotion gate opens; IN_TRANSITION→STANDBY or LEADER→STANDBY on
/// LEADER_TO_STANDBY (a demotion can cancel a promotion in progress).
/// </summary>
public static class LeaderFollowerTransitions
{
    public static bool IsLegal(LeaderFollowerState from, LeaderFollowerState to) => (from, to) switch
    {
        (LeaderFollowerState.STANDBY, LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER) => true,
        (LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER, LeaderFollowerState.LEADER) => true,
        (LeaderFollowerState.IN_TRANSITION_FROM_STANDBY_TO_LEADER, LeaderFollowerState.STANDBY) => true,
        (LeaderFollowerState.LEADER, LeaderFollowerState.STANDBY) => true,
        _ => false,
    };
}
