namespace Venice.Bench;

/// <summary>What the hot-loop benchmarks do between iterations.</summary>
internal static class Iterations
{
    /// <summary>
    /// Collects the last iteration's replica and floor (the caller dropped them), so the next setup's
    /// storage reuses memory the process already has instead of faulting fresh pages in during the
    /// measured operation: without it, which of the two benchmarks paid page faults depended on the
    /// heap's history, and the ratio moved from run to run.
    /// </summary>
    public static void CollectTheLast()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
