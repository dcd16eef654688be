using Venice.Sim.World;
using Venice.Sim.Model;
using Venice.Sim.Faults;

namespace Venice.Sim;

/// <summary>
/// One server of a world, for tests that drive faults step by step: <c>world.Server(2).Crash()</c>.
/// Each action goes through the fault injector, so it is traced ('fault' lines) and its fate is
/// recorded with the scheduled faults'. Actions return whether they took effect (a crash of a server
/// already down does nothing).
/// </summary>
public sealed class ServerHandle
{
    private readonly SimWorld world;

    internal ServerHandle(SimWorld world, int id)
    {
        this.world = world;
        Id = id;
    }

    /// <summary>The server's id (0-based).</summary>
    public int Id { get; }

    private ServerActor Actor => world.Servers[Id];

    /// <summary>Crashed and not restarted.</summary>
    public bool IsDown => Actor.Down;

    /// <summary>Paused now: takes no steps until its pause ends.</summary>
    public bool IsPaused => Actor.PausedUntilMs is { } until && world.Clock.NowMs < until;

    /// <summary>Cut off from the log, metadata and its Helix messages now.</summary>
    public bool IsIsolated => Actor.Network.Isolated;

    /// <summary>The process dies (unsynced writes lost); its session times out unless it restarts first.</summary>
    public bool Crash() => world.Faults.Inject(Fault.Crash(Id));

    /// <summary>A crashed server starts again with a new session.</summary>
    public bool Restart() => world.Faults.Inject(Fault.Restart(Id));

    /// <summary>The server takes no steps for <paramref name="duration"/>.</summary>
    public bool Pause(TimeSpan duration) => world.Faults.Inject(Fault.Pause(Id, duration));

    /// <summary>The server reaches neither log, metadata nor Helix for <paramref name="duration"/>.</summary>
    public bool Isolate(TimeSpan duration) => world.Faults.Inject(Fault.Isolate(Id, duration));

    /// <summary>The server's metadata session expires now.</summary>
    public bool ExpireSession() => world.Faults.Inject(Fault.ExpireSession(Id));

    /// <inheritdoc />
    public override string ToString() => $"server-{Id}";
}
