using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Environment;
using Venice.Core.Helix;
using Venice.Core.Metadata;
using Venice.Core.Observability;
using Venice.Core.Reporting;

namespace Venice.Sim.World;

/// <summary>Publishes a partition's external view: the current states of live servers, written so it never shows two leaders.</summary>
internal sealed class HelixExternalViewPublisher(IMetadataStore metadata)
{
    /// <summary>
    /// EV = current states of live servers. Removals and demotions are written before a new LEADER, so
    /// the EV never shows two leaders on the way from one to the other.
    /// </summary>
    public void Publish(StoreVersion version, int partition, SortedDictionary<ServerId, HelixState> states)
    {
        string evPartition = MetadataPaths.ExternalViewPartition(version, partition);
        foreach (var child in metadata.GetChildren(evPartition))
        {
            if (!PushMonitor.TryParseServer(child, out var server) || !states.ContainsKey(server))
            {
                metadata.Delete($"{evPartition}/{child}", -1);
            }
        }
        foreach (var (server, state) in states)
        {
            if (state != HelixState.LEADER) Upsert(MetadataPaths.ExternalViewReplica(version, partition, server), state);
        }
        foreach (var (server, state) in states)
        {
            if (state == HelixState.LEADER) Upsert(MetadataPaths.ExternalViewReplica(version, partition, server), state);
        }
    }

    private void Upsert(string path, HelixState state)
    {
        string data = state.ToString();
        if (metadata.TryGet(path, out var node))
        {
            if (node.Data != data) metadata.SetData(path, data, -1);
            return;
        }
        metadata.Create(path, data);
    }
}
