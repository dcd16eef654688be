using Venice.Core.Controller;

namespace Venice.Sim.World;

/// <summary>The Venice controller: polls push statuses and decides versions (PushMonitor).</summary>
public sealed class ControllerActor : ISimActor
{
    public ControllerActor(PushMonitor monitor) => Monitor = monitor;

    public PushMonitor Monitor { get; }

    public string Name => "controller";

    public bool HasWork => Monitor.HasWork;

    public long? NextDeadlineMs => null;

    public bool Step()
    {
        Monitor.Poll();
        return true;
    }
}
