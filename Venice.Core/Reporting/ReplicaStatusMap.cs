using System.Text;

namespace Venice.Core.Reporting;

/// <summary>
/// The per-partition push status node's data: each replica's latest ExecutionStatus, encoded as
/// sorted "server-N=STATUS" lines so the bytes never depend on hash order.
/// </summary>
public sealed class ReplicaStatusMap
{
    private readonly SortedDictionary<ServerId, ExecutionStatus> statuses = new();

    public IReadOnlyCollection<KeyValuePair<ServerId, ExecutionStatus>> Entries => statuses;

    public int Count => statuses.Count;

    public bool TryGet(ServerId server, out ExecutionStatus status) => statuses.TryGetValue(server, out status);

    public void Set(ServerId server, ExecutionStatus status) => statuses[server] = status;

    public bool Remove(ServerId server) => statuses.Remove(server);

    public int CountOf(ExecutionStatus status) => statuses.Values.Count(s => s == status);

    public string Encode()
    {
        var text = new StringBuilder();
        foreach (var (server, status) in statuses)
        {
            text.Append(server.Value).Append('=').Append(status).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Decodes node data; malformed lines are skipped (the node is written only by this class).</summary>
    public static ReplicaStatusMap Decode(string data)
    {
        var map = new ReplicaStatusMap();
        foreach (var line in data.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = line.IndexOf('=');
            if (eq <= 0 || !int.TryParse(line.AsSpan(0, eq), out int server) ||
                !ExecutionStatusExtensions.TryParse(line[(eq + 1)..], out var status))
            {
                continue;
            }
            map.statuses[new ServerId(server)] = status;
        }
        return map;
    }
}
