using Venice.Core.Controller;

namespace Venice.Sim.World;

/// <summary>
/// Venice's controller (not Helix's: that is <see cref="HelixControllerActor"/>): runs Core's
/// <see cref="PushMonitor"/>, which polls the push statuses and the external view, decides each push and
/// turns a completed push into an ONLINE current version.
/// </summary>
public sealed class VeniceControllerActor : ISimActor
{
    public VeniceControllerActor(PushMonitor monitor) => Monitor = monitor;

    public PushMonitor Monitor { get; }

    /// <summary>"controller", as traces and scenario files have always named it.</summary>
    public string Name => "controller";

    /// <summary>The version lifecycle around the monitor (push starts, swaps, retirement, cleanup); set by the world.</summary>
    internal VersionLifecycle? Lifecycle { get; set; }

    public bool HasWork => Monitor.HasWork || Lifecycle?.HasWork == true;

    /// <summary>The start of the next timed push, if any.</summary>
    public long? NextDeadlineMs => Lifecycle?.NextDeadlineMs;

    public bool Step()
    {
        Monitor.Poll();
        // Venice's admin acts on what the monitor decided in the same pass: swap followed, old versions retired, failed ones cleaned up.
        Lifecycle?.Step();
        return true;
    }
}
