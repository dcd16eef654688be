using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Helix;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.World;
using Venice.Sim.Model;
using Venice.Sim.Invariants;

namespace Venice.Sim;

/// <summary>
/// <see cref="IWorldView"/> over a running <see cref="SimWorld"/>: reads the clock, the step counter, the
/// servers and, for Helix and reporting, the external and customized views as written to metadata
/// (what a Venice router or controller would read), never the actors' private beliefs.
/// </summary>
internal sealed class WorldView(SimWorld world, IReadOnlyList<StoreDefinition> stores) : IWorldView
{
    public long NowMs => world.Clock.NowMs;

    public long Step => world.Context.Step;

    public int ServerCount => world.Servers.Count;

    public IReadOnlyList<StoreDefinition> Stores => stores;

    public IReadOnlyList<StoreVersion> Versions(string store) =>
        world.Stores.FirstOrDefault(s => s.Name == store) is { } runtime
            ? runtime.Versions.Select(v => v.Version).ToArray()
            : throw new ArgumentException($"no store named '{store}' in the world", nameof(store));

    public VersionStatus StatusOf(StoreVersion version) => world.StatusOf(version);

    public ServerId? LeaderOf(StoreVersion version, int partition)
    {
        string ev = MetadataPaths.ExternalViewPartition(version, partition);
        foreach (var child in world.Metadata.GetChildren(ev))
        {
            if (world.Metadata.TryGet($"{ev}/{child}", out var node) && node.Data == nameof(HelixState.LEADER) &&
                PushMonitor.TryParseServer(child, out var server))
            {
                return server;
            }
        }
        return null;
    }

    public HelixState? HelixStateOf(ReplicaId replica) =>
        world.Metadata.TryGet(MetadataPaths.ExternalViewReplica(replica.Version, replica.Partition, replica.Server), out var node) &&
        Enum.TryParse<HelixState>(node.Data, out var state) ? state : null;

    public ExecutionStatus? ReportedStatusOf(ReplicaId replica) =>
        world.Metadata.TryGet(MetadataPaths.CustomizedViewReplica(replica.Version, replica.Partition, replica.Server), out var node) &&
        Enum.TryParse<ExecutionStatus>(node.Data, out var status) ? status : null;

    public bool IsDown(ServerId server) =>
        server.Value >= 0 && server.Value < world.Servers.Count ? world.Servers[server.Value].Down
            : throw new ArgumentOutOfRangeException(nameof(server), server, $"the world has servers 0..{world.Servers.Count - 1}");
}

/// <summary>What one user invariant is attached with: the world view, and a report that goes through the world's invariant monitor under the invariant's name.</summary>
internal sealed class InvariantContext(SimWorld world, IWorldView view, string name) : IInvariantContext
{
    public IWorldView World => view;

    public void Report(string message) => world.Invariants.Report(name, message ?? "");

    public void Observe(IWritePathObserver observer) => world.Invariants.Add(observer ?? throw new ArgumentNullException(nameof(observer)));
}

/// <summary>Attaches a spec's user invariants to a built world: a fresh instance of each, checked after every step and at the end.</summary>
internal static class UserInvariants
{
    public static void Attach(SimWorld world, WorldSpec spec)
    {
        if (spec.Invariants.Count == 0) return;
        var view = new WorldView(world, spec.Stores);
        foreach (var factory in spec.Invariants)
        {
            var invariant = factory() ?? throw new ArgumentException("an invariant factory returned null", nameof(spec));
            if (string.IsNullOrWhiteSpace(invariant.Name)) throw new ArgumentException("a user invariant needs a Name", nameof(spec));
            invariant.Attach(new InvariantContext(world, view, invariant.Name));
            world.OnAfterStep(invariant.AfterStep);
            world.OnEnd(invariant.AtEnd);
        }
    }
}

/// <summary>
/// A trace sink that keeps every event in memory, in order: pass one to <c>WorldBuilder.Build</c>, or ask
/// the builder for <c>WithRecordedTrace()</c> and read <see cref="Running.RunResult.TraceEvents"/>.
/// </summary>
public sealed class RecordingTraceSink : Tracing.ITraceSink
{
    private readonly List<Tracing.TraceEvent> events = new();

    /// <summary>The header written when the world was built, once it was.</summary>
    public Tracing.TraceHeader? Header { get; private set; }

    /// <summary>The events so far, in trace order.</summary>
    public IReadOnlyList<Tracing.TraceEvent> Events => events;

    /// <inheritdoc />
    public void WriteHeader(Tracing.TraceHeader header) => Header = header;

    /// <inheritdoc />
    public void Write(Tracing.TraceEvent traceEvent) => events.Add(traceEvent);
}
