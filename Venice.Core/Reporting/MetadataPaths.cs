namespace Venice.Core.Reporting;

/// <summary>
/// Where the write path keeps its shared state in the metadata store. One place, so the servers, the
/// controllers and the invariant checkers agree on layout.
/// </summary>
public static class MetadataPaths
{
    /// <summary>Customized view: one node per replica, data = the replica's ExecutionStatus name.</summary>
    public static string CustomizedViewReplica(StoreVersion version, int partition, ServerId server) =>
        $"/cv/{version.VersionTopic}/{partition}/{server}";

    public static string CustomizedViewPartition(StoreVersion version, int partition) =>
        $"/cv/{version.VersionTopic}/{partition}";

    /// <summary>External view: one node per replica, data = the Helix state (LEADER, STANDBY, ...).</summary>
    public static string ExternalViewReplica(StoreVersion version, int partition, ServerId server) =>
        $"/ev/{version.VersionTopic}/{partition}/{server}";

    public static string ExternalViewPartition(StoreVersion version, int partition) =>
        $"/ev/{version.VersionTopic}/{partition}";

    /// <summary>ZK offline push status per partition (Venice: OfflinePushes/&lt;topic&gt;/&lt;partition&gt;).</summary>
    public static string PartitionPushStatus(StoreVersion version, int partition) =>
        $"/OfflinePushes/{version.VersionTopic}/{partition}";

    /// <summary>ZK offline push status of the whole version.</summary>
    public static string PushStatus(StoreVersion version) => $"/OfflinePushes/{version.VersionTopic}";

    public static string VersionStatusNode(StoreVersion version) => $"/stores/{version.Store}/versions/{version.Version}";

    public static string CurrentVersion(string store) => $"/stores/{store}/currentVersion";

    /// <summary>A server's liveness: an ephemeral node owned by its session.</summary>
    public static string LiveInstance(ServerId server) => $"/liveInstances/{server}";

    /// <summary>Parses a replica node's name ("server-N"), as the EV, CV and push status nodes name replicas.</summary>
    public static bool TryParseServer(string name, out ServerId server)
    {
        server = default;
        const string prefix = "server-";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) ||
            !int.TryParse(name.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out int id))
        {
            return false;
        }
        server = new ServerId(id);
        return true;
    }
}
