using System.Runtime.CompilerServices;
using Microsoft.Coyote.Runtime;

namespace Venice.Sim.InMemory;

/// <summary>
/// The one place where the in-memory log, metadata store and storage offer Coyote a scheduling
/// point (docs/design.md §3), so an actor can be preempted in the middle of a step. Outside a Coyote
/// test the call is a no-op; benchmarks switch it off to measure the bare data structures.
/// </summary>
public static class Preemption
{
    /// <summary>
    /// True (the default) when the in-memory log, metadata store and storage offer Coyote scheduling
    /// points. A benchmark sets it to false before building its fixture: even a no-op call is not free
    /// in a hot loop. Process-wide; set it before a run, never during one, and leave it true for Coyote
    /// exploration, which finds fewer interleavings without the points.
    /// </summary>
    public static bool Enabled { get; set; } = true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Point()
    {
        if (Enabled)
        {
            SchedulingPoint.Interleave();
        }
    }
}
