using System.Globalization;
using Venice.Core.Controller;
using Venice.Sim.Model;

namespace Venice.Sim.FsCheck;

/// <summary>A generated cluster: servers, and the partitions and replication factor of its store.</summary>
public sealed record ClusterShape(int Servers, int Partitions, int ReplicationFactor)
{
    /// <inheritdoc/>
    public override string ToString() => $"servers={Servers} partitions={Partitions} rf={ReplicationFactor}";
}

/// <summary>
/// A generated store's kind and settings: batch or hybrid, its push strategy (null: the world's default)
/// and Venice config overrides by their Venice names (docs/options.md).
/// </summary>
public sealed record StoreCase(StoreKind Kind, PushStrategy? PushStrategy, IReadOnlyList<KeyValuePair<string, string>> Config)
{
    /// <summary>The store definition named <paramref name="name"/> in <paramref name="cluster"/>'s shape.</summary>
    public StoreDefinition ToDefinition(string name, ClusterShape cluster) =>
        new(name) { Kind = Kind, Partitions = cluster.Partitions, ReplicationFactor = cluster.ReplicationFactor, PushStrategy = PushStrategy };

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()}{(PushStrategy is { } s ? " " + s : "")}{(Config.Count == 0 ? "" : " {" + string.Join(", ", Config.Select(c => $"{c.Key}={c.Value}")) + "}")}";
}

/// <summary>A generated workload: how many records, over how many keys, with values of how many bytes.</summary>
public sealed record WorkloadCase(int Records, int Keys, int ValueBytes)
{
    /// <summary>The workload as a batch push.</summary>
    public Workload ToPush() => Workload.Puts(Records, Keys, ValueBytes);

    /// <summary>The workload as real-time writes at <paramref name="ratePerSecond"/>.</summary>
    public Workload ToRealTime(int ratePerSecond) => Workload.RealTime(Records, Keys, ValueBytes, ratePerSecond);

    /// <inheritdoc/>
    public override string ToString() => $"{Records} records over {Keys} keys, {ValueBytes} B";
}

/// <summary>One generated server fault: what happens to which server, when, and for how long.</summary>
/// <param name="Duration">A pause's or isolation's length, or how long a crashed server stays down; unused for a session expiry.</param>
public sealed record FaultCase(FaultKind Kind, int Server, TimeSpan At, TimeSpan Duration)
{
    /// <summary>The fault as the builder takes it; a crash comes back (restarts) after its duration.</summary>
    public IEnumerable<Fault> ToFaults() => Kind switch
    {
        FaultKind.Crash => [Fault.Crash(Server).At(At), Fault.Restart(Server).At(At + Duration)],
        FaultKind.ExpireSession => [Fault.ExpireSession(Server).At(At)],
        FaultKind.Pause => [Fault.Pause(Server, Duration).At(At)],
        FaultKind.Isolate => [Fault.Isolate(Server, Duration).At(At)],
        _ => throw new InvalidOperationException($"{Kind} is not a generated server fault"),
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind} server-{Server} at {Ms(At)} ms" + (Kind == FaultKind.ExpireSession ? "" : $" for {Ms(Duration)} ms");

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
