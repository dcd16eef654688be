namespace Venice.Sim.World;

/// <summary>
/// Anything that acts on its own (docs/design.md §3): a server, a controller, a producer, the fault injector.
/// <see cref="Step"/> does one bounded unit of work. <see cref="HasWork"/> must not change state.
/// </summary>
public interface ISimActor
{
    string Name { get; }

    /// <summary>Whether a step now would make progress.</summary>
    bool HasWork { get; }

    /// <summary>The earliest sim time at which the actor will have work without anyone else acting; null if none.</summary>
    long? NextDeadlineMs { get; }

    /// <summary>Does one bounded unit of work; returns whether anything happened.</summary>
    bool Step();
}
