using System.Runtime.CompilerServices;
using Microsoft.Coyote.Runtime;

namespace Venice.Sim.InMemory;

/// <summary>
/// The one place where the in-memory log, metadata store and storage offer Coyote a scheduling
/// point (DESIGN.md §3), so an actor can be preempted in the middle of a step. Outside a Coyote
/// test the call is a no-op; benchmarks switch it off to measure the bare data structures.
/// </summary>
internal static class Preemption
{
    /// <summary>True unless a benchmark turned scheduling points off. Not meant to change mid-run.</summary>
    internal static bool Enabled { get; set; } = true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Point()
    {
        if (Enabled)
        {
            SchedulingPoint.Interleave();
        }
    }
}
