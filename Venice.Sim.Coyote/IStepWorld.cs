namespace Venice.Sim.Coyote;

/// <summary>
/// What the Coyote step loop needs of a world, and nothing more (so this assembly, the only one Coyote
/// rewrites, does not depend on the simulator). Actors are named by their index in the world's fixed
/// actor order, 0 to <see cref="ActorCount"/> - 1.
/// </summary>
public interface IStepWorld
{
    /// <summary>How many actors the world has (fixed for the run).</summary>
    int ActorCount { get; }

    /// <summary>
    /// The actors able to make progress now, in the world's actor order, after jumping virtual time to the
    /// next deadline if none can; empty when the run is over (quiescent, or past its time limit).
    /// </summary>
    IReadOnlyList<int> NextEnabled();

    /// <summary>One step of one enabled actor, then what every step is followed by (observers, armed faults).</summary>
    void Step(int actor);

    /// <summary>
    /// The run is over: end-state and liveness checks. <paramref name="stepBoundReached"/> says the loop
    /// stopped at its scheduling-step bound with actors still able to progress: a liveness failure, not a cut.
    /// </summary>
    void Finish(bool stepBoundReached);

    /// <summary>What went wrong, if anything: the message of the bug Coyote reports, or null for a healthy run.</summary>
    string? Bug();

    /// <summary>
    /// A cheap digest of the state a scheduling choice is made in (which actors are enabled, how far the run
    /// got): Coyote's Q-learning strategy learns per state, and Coyote counts the distinct ones.
    /// </summary>
    int StateHash();
}
