namespace Venice.Sim.Coyote;

/// <summary>
/// What the round loop needs of a world, and nothing more (so this assembly, the only one Coyote
/// rewrites, does not depend on the simulator).
/// </summary>
public interface IRoundWorld
{
    /// <summary>
    /// The steps the actors able to make progress now would take, after jumping virtual time to the
    /// next deadline if none can; empty when the run is over (quiescent, step bound or time limit).
    /// Each step runs one actor once; the loop runs a chosen subset of them as concurrent controlled tasks.
    /// </summary>
    IReadOnlyList<Action> NextRound();

    /// <summary>After every round: observers look at the state the round left.</summary>
    void AfterRound();

    /// <summary>The run is over: end-state and liveness checks.</summary>
    void Finish();

    /// <summary>What went wrong, if anything: the message of the bug Coyote reports, or null for a healthy run.</summary>
    string? Bug();
}
