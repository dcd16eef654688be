using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Helix;

/// <summary>Reading <see cref="ExternalView"/> from the EV nodes of the metadata store.</summary>
public sealed class ExternalViewReadTests
{
    private static readonly StoreVersion Version = new("store", 1);

    private static InMemoryMetadataStore Store(params (int Partition, int Server, string State)[] replicas)
    {
        var metadata = new InMemoryMetadataStore();
        foreach (var (partition, server, state) in replicas)
        {
            metadata.Create(MetadataPaths.ExternalViewReplica(Version, partition, new ServerId(server)), state);
        }
        return metadata;
    }

    [Test]
    public void Each_partition_lists_its_replicas_with_their_helix_states_and_names_its_leader()
    {
        var metadata = Store((0, 2, "STANDBY"), (0, 1, "LEADER"), (1, 3, "LEADER"), (1, 1, "ERROR"));

        var view = ExternalView.Read(metadata, Version, partitionCount: 2);

        Assert.That(view.Replicas(0), Is.EqualTo(new SortedDictionary<ServerId, HelixState>
        {
            [new ServerId(1)] = HelixState.LEADER,
            [new ServerId(2)] = HelixState.STANDBY,
        }));
        Assert.That(view.LeaderOf(0), Is.EqualTo(new ServerId(1)));
        Assert.That(view.LeaderOf(1), Is.EqualTo(new ServerId(3)));
        Assert.That(view.StateOf(1, new ServerId(1)), Is.EqualTo(HelixState.ERROR));
    }

    [Test]
    public void A_partition_without_a_leader_has_none_and_an_unlisted_replica_is_offline()
    {
        var metadata = Store((0, 2, "STANDBY"));

        var view = ExternalView.Read(metadata, Version, partitionCount: 1);

        Assert.That(view.LeaderOf(0), Is.Null);
        Assert.That(view.StateOf(0, new ServerId(7)), Is.EqualTo(HelixState.OFFLINE));
    }

    [Test]
    public void Nodes_that_are_not_replicas_or_hold_no_helix_state_are_not_part_of_the_view()
    {
        var metadata = Store((0, 1, "STANDBY"), (0, 2, "leader"), (0, 3, "2"));
        metadata.Create($"{MetadataPaths.ExternalViewPartition(Version, 0)}/controller", "LEADER");

        var view = ExternalView.Read(metadata, Version, partitionCount: 1);

        Assert.That(view.Replicas(0).Keys, Is.EqualTo(new[] { new ServerId(1) }));
        Assert.That(view.LeaderOf(0), Is.Null);
    }

    [Test]
    public void A_broken_view_with_two_leaders_lists_both_in_the_order_the_store_lists_them()
    {
        var metadata = Store((0, 10, "LEADER"), (0, 2, "LEADER"));

        var view = ExternalView.Read(metadata, Version, partitionCount: 1);

        Assert.That(view.Leaders(0), Is.EqualTo(new[] { new ServerId(10), new ServerId(2) }), "children are listed ordinally");
        Assert.That(view.LeaderOf(0), Is.EqualTo(new ServerId(2)), "the last one listed");
    }

    [Test]
    public void Reading_one_partition_leaves_the_others_empty()
    {
        var metadata = Store((0, 1, "LEADER"), (1, 1, "LEADER"));

        var view = ExternalView.ReadPartition(metadata, Version, partition: 1);

        Assert.That(view.Replicas(0), Is.Empty);
        Assert.That(view.LeaderOf(1), Is.EqualTo(new ServerId(1)));
    }
}
