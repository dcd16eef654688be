namespace Venice.Core.Helix;

/// <summary>
/// Where Helix keeps the participants' current states in the metadata store. Like Helix's
/// INSTANCES/&lt;instance&gt;/CURRENTSTATES, one ephemeral node per replica owned by the participant's
/// session, so a server's current states vanish with its session. Live instances are
/// <see cref="Reporting.MetadataPaths.LiveInstance"/>.
/// </summary>
public static class HelixPaths
{
    public const string LiveInstancesRoot = "/liveInstances";

    public const string CurrentStatesRoot = "/currentStates";

    public static string CurrentStatesOf(ServerId server) => $"{CurrentStatesRoot}/{server}";

    public static string CurrentStatesOf(ServerId server, StoreVersion version) =>
        $"{CurrentStatesRoot}/{server}/{version.VersionTopic}";

    /// <summary>One replica's current state: data = the <see cref="HelixState"/> name.</summary>
    public static string CurrentState(ServerId server, StoreVersion version, int partition) =>
        $"{CurrentStatesRoot}/{server}/{version.VersionTopic}/{partition}";
}
