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

    public bool HasWork => Monitor.HasWork;

    public long? NextDeadlineMs => null;

    public bool Step()
    {
        Monitor.Poll();
        return true;
    }
}
