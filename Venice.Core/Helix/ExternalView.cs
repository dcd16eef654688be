using Venice.Core.Metadata;
using Venice.Core.Reporting;

namespace Venice.Core.Helix;

/// <summary>
/// A store version's external view as the metadata store holds it: per partition, each replica Helix
/// lists with its <see cref="HelixState"/>. The one reader of the EV nodes, so the Venice controller,
/// the Helix controller and the checkers agree on what "the leader" and "the replicas" of a partition
/// are. A snapshot: it does not follow later changes.
/// </summary>
public sealed class ExternalView
{
    private static readonly IReadOnlyDictionary<ServerId, HelixState> NoReplicas = new SortedDictionary<ServerId, HelixState>();

    private readonly SortedDictionary<int, PartitionView> partitions = new();

    private ExternalView(StoreVersion version) => Version = version;

    /// <summary>One partition's replicas, by server and in the order the store listed them.</summary>
    private sealed class PartitionView
    {
        public SortedDictionary<ServerId, HelixState> ByServer { get; } = new();

        public List<ServerId> Leaders { get; } = [];
    }

    public StoreVersion Version { get; }

    /// <summary>Reads partitions 0 .. partitionCount-1.</summary>
    public static ExternalView Read(IMetadataStore metadata, StoreVersion version, int partitionCount)
    {
        var view = new ExternalView(version);
        for (int partition = 0; partition < partitionCount; partition++) view.ReadInto(metadata, partition);
        return view;
    }

    /// <summary>Reads one partition only; the others read as empty.</summary>
    public static ExternalView ReadPartition(IMetadataStore metadata, StoreVersion version, int partition)
    {
        var view = new ExternalView(version);
        view.ReadInto(metadata, partition);
        return view;
    }

    /// <summary>The partition's replicas with their states, in server order; empty for a partition not in the view.</summary>
    public IReadOnlyDictionary<ServerId, HelixState> Replicas(int partition) =>
        partitions.TryGetValue(partition, out var view) ? view.ByServer : NoReplicas;

    /// <summary>The replica's state; OFFLINE when the view does not list it.</summary>
    public HelixState StateOf(int partition, ServerId server) =>
        Replicas(partition).TryGetValue(server, out var state) ? state : HelixState.OFFLINE;

    /// <summary>Every replica the view names LEADER, in listing order: more than one is a broken view.</summary>
    public IReadOnlyList<ServerId> Leaders(int partition) =>
        partitions.TryGetValue(partition, out var view) ? view.Leaders : [];

    /// <summary>The partition's LEADER, or null if none. A broken view with several yields the last one listed.</summary>
    public ServerId? LeaderOf(int partition) => Leaders(partition) is { Count: > 0 } leaders ? leaders[^1] : null;

    private void ReadInto(IMetadataStore metadata, int partition)
    {
        var view = new PartitionView();
        partitions[partition] = view;
        string evPartition = MetadataPaths.ExternalViewPartition(Version, partition);
        foreach (var child in metadata.GetChildren(evPartition))
        {
            // A node that vanished between listing and reading has left the view.
            if (!MetadataPaths.TryParseServer(child, out var server) ||
                !metadata.TryGet($"{evPartition}/{child}", out var node) ||
                !TryParseState(node.Data, out var state))
            {
                continue;
            }
            view.ByServer[server] = state;
            if (state == HelixState.LEADER) view.Leaders.Add(server);
        }
    }

    // Made once: every external-view read parses every replica's state.
    private static readonly HelixState[] States = Enum.GetValues<HelixState>();
    private static readonly string[] StateNames = Array.ConvertAll(States, static s => s.ToString());

    // Only the state names Helix writes: Enum.TryParse would also take numbers and other casings.
    private static bool TryParseState(string data, out HelixState state)
    {
        for (int i = 0; i < States.Length; i++)
        {
            if (string.Equals(data, StateNames[i], StringComparison.Ordinal))
            {
                state = States[i];
                return true;
            }
        }
        state = HelixState.OFFLINE;
        return false;
    }
}
