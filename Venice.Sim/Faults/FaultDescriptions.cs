using Venice.Core;
using Venice.Sim.Model;

namespace Venice.Sim.Faults;

/// <summary>How a fired fault reads in the trace's 'fault' lines.</summary>
internal static class FaultDescriptions
{
    // The descriptions of fixed-server faults are those the scenario path always wrote, so traces keep their bytes.
    public static string Describe(Fault fault, int? server, TopicPartition topic)
    {
        string s = $"server-{server}" + (fault.Server is ServerInRole role ? $" ({role})" : "");
        long d = fault.Duration is { } duration ? checked((long)duration.TotalMilliseconds) : 0;
        return fault.Kind switch
        {
            FaultKind.Crash => $"crash {s}",
            FaultKind.Restart => $"restart {s}",
            FaultKind.ExpireSession => $"expire session of {s}",
            FaultKind.Pause => $"pause {s} for {d} ms",
            FaultKind.Isolate => $"isolate {s} for {d} ms",
            FaultKind.LoseRecord => $"lose the next record of {topic}{Skipping(fault)}",
            FaultKind.CorruptRecord => $"corrupt the next record of {topic}{Skipping(fault)}",
            FaultKind.DuplicateRecord => $"fail produces to {topic}",
            FaultKind.DelayTransitions => $"delay Helix transitions for {d} ms",
            FaultKind.ReorderTransitions => $"reverse Helix transition deliveries for {d} ms",
            FaultKind.MoveLeader => $"move the leader of partition {fault.Partition}",
            FaultKind.Heal => "heal",
            FaultKind.KillPush => $"kill the push of {fault.Store ?? "the store"}",
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault kind"),
        };
    }

    // Without a skip the line keeps the bytes it always had.
    private static string Skipping(Fault fault) => fault.SkipRecords > 0 ? $" after {fault.SkipRecords} more" : "";
}
