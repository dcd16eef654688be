using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;
using Venice.Core.Reporting;

namespace Venice.Sim.World;

/// <summary>
/// What the Helix controller reads each step: live instances (with their sessions), current states from
/// nodes of a live session only, and the transition messages still outstanding to a live session.
/// </summary>
internal sealed class HelixClusterReader(IMetadataStore metadata, HelixMessageBus bus)
{
    /// <summary>Live servers with the session their live-instance node belongs to.</summary>
    public SortedDictionary<ServerId, SessionId> ReadLiveInstances()
    {
        var live = new SortedDictionary<ServerId, SessionId>();
        foreach (var child in metadata.GetChildren(HelixPaths.LiveInstancesRoot))
        {
            if (PushMonitor.TryParseServer(child, out var server) &&
                metadata.TryGet(MetadataPaths.LiveInstance(server), out var node) &&
                node.EphemeralOwner is { } session)
            {
                live[server] = session;
            }
        }
        return live;
    }

    /// <summary>Current states of one resource on live servers, only from nodes of the server's live session.</summary>
    public SortedDictionary<ServerId, SortedDictionary<int, HelixState>> ReadCurrentStates(
        StoreVersion version, SortedDictionary<ServerId, SessionId> live)
    {
        var states = new SortedDictionary<ServerId, SortedDictionary<int, HelixState>>();
        foreach (var (server, session) in live)
        {
            var byPartition = new SortedDictionary<int, HelixState>();
            string root = HelixPaths.CurrentStatesOf(server, version);
            foreach (var child in metadata.GetChildren(root))
            {
                if (int.TryParse(child, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int partition) &&
                    metadata.TryGet($"{root}/{child}", out var node) &&
                    node.EphemeralOwner == session &&
                    Enum.TryParse<HelixState>(node.Data, out var state))
                {
                    byPartition[partition] = state;
                }
            }
            states.Add(server, byPartition);
        }
        return states;
    }

    /// <summary>Outstanding messages per (resource, partition) and target, counting only those to a live session.</summary>
    public SortedDictionary<(string, int), SortedDictionary<ServerId, HelixTransitionMessage>> OutstandingByPartition(
        SortedDictionary<ServerId, SessionId> live)
    {
        var byPartition = new SortedDictionary<(string, int), SortedDictionary<ServerId, HelixTransitionMessage>>();
        foreach (var message in bus.Outstanding)
        {
            if (!live.TryGetValue(message.Target, out var session) || session != message.TargetSession) continue;
            var key = (message.Version.VersionTopic, message.Partition);
            if (!byPartition.TryGetValue(key, out var byServer))
            {
                byServer = new SortedDictionary<ServerId, HelixTransitionMessage>();
                byPartition.Add(key, byServer);
            }
            byServer.TryAdd(message.Target, message);
        }
        return byPartition;
    }
}
