using Venice.Core.Environment;

namespace Venice.Sim.Tests.Producer;

/// <summary>Virtual time a test sets by hand.</summary>
internal sealed class ManualClock : IClock
{
    public long NowMs { get; set; }
}
