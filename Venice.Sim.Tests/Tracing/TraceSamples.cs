using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Tracing;

internal static class TraceSamples
{
    public static TraceHeader Header(long seed = 7) =>
        new(TraceHeader.CurrentFormatVersion, "leader-crash-mid-push", seed, ["promote-without-wait"], [new("checksum", "adhash"), new("alpha", "1")])
        {
            ScenarioPath = "scenarios/fast/leader-crash-mid-push.yaml",
        };

    public static TraceEvent[] Events() =>
    [
        new(1, 0, "controller", "push-started", "version 1"),
        new(2, 5, "server-0", "became-leader", "partition 0 \"quoted\" <tag> é"),
        new(3, 4000, "faults", "crash", "server-1"),
    ];

    /// <summary>Writes a trace into memory and returns its bytes and the writer's hash.</summary>
    public static (byte[] Bytes, string Sha256Hex) Write(TraceHeader header, IEnumerable<TraceEvent> events)
    {
        var stream = new MemoryStream();
        using var writer = new JsonLinesTraceWriter(stream, leaveOpen: true);
        writer.WriteHeader(header);
        foreach (var traceEvent in events)
        {
            writer.Write(traceEvent);
        }

        return (stream.ToArray(), writer.Sha256Hex);
    }
}
