using Venice.Core;
using Venice.Core.Metadata;
using Venice.Core.Reporting;

namespace Venice.Sim.World;

/// <summary>
/// Helix's assignment of a store-version's partitions: R replicas on distinct servers, the first one
/// the leader, spread round-robin so leaders are balanced. Writes the external view (EV) and asks each
/// server to host its replicas.
/// </summary>
public static class ReplicaAssignment
{
    public static IReadOnlyList<ServerId> ReplicasOf(int partition, int servers, int replicationFactor)
    {
        var replicas = new List<ServerId>(replicationFactor);
        for (int i = 0; i < replicationFactor; i++) replicas.Add(new ServerId((partition + i) % servers));
        return replicas;
    }

    public static void Assign(StoreVersion version, int partitions, int replicationFactor,
        IReadOnlyList<ServerActor> servers, IMetadataStore metadata)
    {
        for (int partition = 0; partition < partitions; partition++)
        {
            var replicas = ReplicasOf(partition, servers.Count, replicationFactor);
            for (int i = 0; i < replicas.Count; i++)
            {
                string state = i == 0 ? "LEADER" : "STANDBY";
                metadata.Create(MetadataPaths.ExternalViewReplica(version, partition, replicas[i]), state);
                servers[replicas[i].Value].HostReplica(version, partition);
                if (i == 0) servers[replicas[i].Value].PromoteToLeader(version, partition, term: 1);
            }
        }
    }
}
