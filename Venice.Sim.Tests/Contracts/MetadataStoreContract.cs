using Venice.Core.Metadata;

namespace Venice.Sim.Tests.Contracts;

/// <summary>What every <see cref="IMetadataStore"/> must do. Subclass it once per implementation.</summary>
public abstract class MetadataStoreContract
{
    protected abstract IMetadataStore CreateStore();

    [Test]
    public void A_created_node_exists_at_version_zero_with_its_data()
    {
        IMetadataStore store = CreateStore();

        MetadataResult created = store.Create("/stores/orders", "v1");

        Assert.That(created, Is.EqualTo(new MetadataResult(MetadataStatus.Ok, 0)));
        Assert.That(store.TryGet("/stores/orders", out MetadataNode node), Is.True);
        Assert.That(node, Is.EqualTo(new MetadataNode("/stores/orders", "v1", 0, null)));
    }

    [Test]
    public void A_node_never_created_is_not_found()
    {
        IMetadataStore store = CreateStore();

        Assert.That(store.TryGet("/missing", out _), Is.False);
    }

    [Test]
    public void Creating_an_existing_node_reports_NodeExists_and_keeps_the_old_data()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "first");

        MetadataResult again = store.Create("/a", "second");

        Assert.That(again.Status, Is.EqualTo(MetadataStatus.NodeExists));
        store.TryGet("/a", out MetadataNode node);
        Assert.That(node.Data, Is.EqualTo("first"));
    }

    [Test]
    public void A_node_can_be_created_below_parents_that_were_never_created()
    {
        IMetadataStore store = CreateStore();

        MetadataResult created = store.Create("/cluster/instances/server-1", "up");

        Assert.That(created.Succeeded, Is.True);
        Assert.That(store.GetChildren("/cluster"), Is.EqualTo(new[] { "instances" }));
        Assert.That(store.GetChildren("/cluster/instances"), Is.EqualTo(new[] { "server-1" }));
    }

    [Test]
    public void SetData_with_the_current_version_succeeds_and_increments_the_version()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");

        MetadataResult first = store.SetData("/a", "1", 0);
        MetadataResult second = store.SetData("/a", "2", 1);

        Assert.That(first, Is.EqualTo(new MetadataResult(MetadataStatus.Ok, 1)));
        Assert.That(second, Is.EqualTo(new MetadataResult(MetadataStatus.Ok, 2)));
        store.TryGet("/a", out MetadataNode node);
        Assert.That((node.Data, node.Version), Is.EqualTo(("2", 2)));
    }

    [Test]
    public void SetData_with_a_stale_version_reports_BadVersion_and_changes_nothing()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");
        store.SetData("/a", "1", 0);

        MetadataResult stale = store.SetData("/a", "lost update", 0);

        Assert.That(stale.Status, Is.EqualTo(MetadataStatus.BadVersion));
        store.TryGet("/a", out MetadataNode node);
        Assert.That((node.Data, node.Version), Is.EqualTo(("1", 1)));
    }

    [Test]
    public void SetData_with_version_minus_one_ignores_the_current_version()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");
        store.SetData("/a", "1", 0);

        MetadataResult unconditional = store.SetData("/a", "2", -1);

        Assert.That(unconditional, Is.EqualTo(new MetadataResult(MetadataStatus.Ok, 2)));
    }

    [Test]
    public void SetData_on_a_missing_node_reports_NoNode()
    {
        IMetadataStore store = CreateStore();

        Assert.That(store.SetData("/missing", "x", -1).Status, Is.EqualTo(MetadataStatus.NoNode));
    }

    [Test]
    public void Delete_with_the_current_version_removes_the_node()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");

        MetadataResult deleted = store.Delete("/a", 0);

        Assert.That(deleted.Succeeded, Is.True);
        Assert.That(store.TryGet("/a", out _), Is.False);
    }

    [Test]
    public void Delete_with_a_stale_version_reports_BadVersion_and_keeps_the_node()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");
        store.SetData("/a", "1", 0);

        MetadataResult stale = store.Delete("/a", 0);

        Assert.That(stale.Status, Is.EqualTo(MetadataStatus.BadVersion));
        Assert.That(store.TryGet("/a", out _), Is.True);
    }

    [Test]
    public void Delete_with_version_minus_one_removes_the_node_whatever_its_version()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");
        store.SetData("/a", "1", 0);

        Assert.That(store.Delete("/a", -1).Succeeded, Is.True);
        Assert.That(store.TryGet("/a", out _), Is.False);
    }

    [Test]
    public void Delete_of_a_missing_node_reports_NoNode()
    {
        IMetadataStore store = CreateStore();

        Assert.That(store.Delete("/missing", -1).Status, Is.EqualTo(MetadataStatus.NoNode));
    }

    [Test]
    public void A_deleted_node_can_be_created_again_from_version_zero()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");
        store.SetData("/a", "1", 0);
        store.Delete("/a", -1);

        Assert.That(store.Create("/a", "again"), Is.EqualTo(new MetadataResult(MetadataStatus.Ok, 0)));
    }

    [Test]
    public void Children_are_the_direct_child_names_in_ordinal_order()
    {
        IMetadataStore store = CreateStore();
        foreach (string path in new[] { "/p/b", "/p/b/deep/deeper", "/p/b-x", "/p/B", "/p/a/z", "/p/c", "/pq", "/p0" })
        {
            store.Create(path, "");
        }

        Assert.That(store.GetChildren("/p"), Is.EqualTo(new[] { "B", "a", "b", "b-x", "c" }));
    }

    [Test]
    public void The_root_lists_the_top_level_names()
    {
        IMetadataStore store = CreateStore();
        store.Create("/z/1", "");
        store.Create("/a", "");

        Assert.That(store.GetChildren("/"), Is.EqualTo(new[] { "a", "z" }));
    }

    [Test]
    public void A_path_without_descendants_has_no_children()
    {
        IMetadataStore store = CreateStore();
        store.Create("/leaf", "");

        Assert.That(store.GetChildren("/leaf"), Is.Empty);
        Assert.That(store.GetChildren("/missing"), Is.Empty);
    }

    [Test]
    public void Sessions_are_numbered_from_one_and_alive_when_opened()
    {
        IMetadataStore store = CreateStore();

        SessionId first = store.OpenSession("server-0");
        SessionId second = store.OpenSession("server-1");

        Assert.That((first.Value, second.Value), Is.EqualTo((1L, 2L)));
        Assert.That(store.IsSessionAlive(first) && store.IsSessionAlive(second), Is.True);
    }

    [Test]
    public void A_session_never_opened_is_not_alive()
    {
        IMetadataStore store = CreateStore();

        Assert.That(store.IsSessionAlive(new SessionId(42)), Is.False);
    }

    [Test]
    public void An_ephemeral_node_records_its_owner_session()
    {
        IMetadataStore store = CreateStore();
        SessionId session = store.OpenSession("server-0");

        store.Create("/live/server-0", "up", session);

        store.TryGet("/live/server-0", out MetadataNode node);
        Assert.That(node.EphemeralOwner, Is.EqualTo(session));
    }

    [Test]
    public void Closing_a_session_deletes_its_ephemeral_nodes_and_nothing_else()
    {
        IMetadataStore store = CreateStore();
        SessionId closing = store.OpenSession("server-0");
        SessionId staying = store.OpenSession("server-1");
        store.Create("/live/server-0", "up", closing);
        store.Create("/live/server-1", "up", staying);
        store.Create("/config", "persistent");

        store.CloseSession(closing);

        Assert.That(store.IsSessionAlive(closing), Is.False);
        Assert.That(store.TryGet("/live/server-0", out _), Is.False);
        Assert.That(store.TryGet("/live/server-1", out _), Is.True);
        Assert.That(store.TryGet("/config", out _), Is.True);
    }

    [Test]
    public void A_closed_session_cannot_create_ephemeral_nodes()
    {
        IMetadataStore store = CreateStore();
        SessionId session = store.OpenSession("server-0");
        store.CloseSession(session);

        MetadataResult refused = store.Create("/live/server-0", "up", session);

        Assert.That(refused.Status, Is.EqualTo(MetadataStatus.SessionExpired));
        Assert.That(store.TryGet("/live/server-0", out _), Is.False);
    }

    [Test]
    public void Closing_a_session_twice_changes_nothing_the_second_time()
    {
        IMetadataStore store = CreateStore();
        SessionId session = store.OpenSession("server-0");
        store.Create("/live/server-0", "up", session);
        store.CloseSession(session);
        long afterFirstClose = store.LastChangeSequence;

        store.CloseSession(session);

        Assert.That(store.LastChangeSequence, Is.EqualTo(afterFirstClose));
    }

    [Test]
    public void An_ephemeral_node_deleted_by_hand_is_not_deleted_again_when_its_session_closes()
    {
        IMetadataStore store = CreateStore();
        SessionId session = store.OpenSession("server-0");
        store.Create("/live/server-0", "up", session);
        store.Delete("/live/server-0", -1);
        store.Create("/live/server-0", "someone else's", null);

        store.CloseSession(session);

        Assert.That(store.TryGet("/live/server-0", out MetadataNode node), Is.True);
        Assert.That(node.Data, Is.EqualTo("someone else's"));
    }

    [Test]
    public void The_change_feed_starts_empty_at_sequence_zero()
    {
        IMetadataStore store = CreateStore();

        Assert.That(store.LastChangeSequence, Is.EqualTo(0));
        Assert.That(store.ChangesSince(0, 10), Is.Empty);
    }

    [Test]
    public void The_change_feed_lists_every_change_in_order_with_consecutive_sequences()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");
        store.SetData("/a", "1", 0);
        store.Create("/b", "0");
        store.Delete("/a", -1);

        Assert.That(store.ChangesSince(0, 100), Is.EqualTo(new[]
        {
            new MetadataChange(1, "/a", MetadataChangeKind.Created),
            new MetadataChange(2, "/a", MetadataChangeKind.DataChanged),
            new MetadataChange(3, "/b", MetadataChangeKind.Created),
            new MetadataChange(4, "/a", MetadataChangeKind.Deleted),
        }));
        Assert.That(store.LastChangeSequence, Is.EqualTo(4));
    }

    [Test]
    public void Failed_operations_leave_no_trace_in_the_change_feed()
    {
        IMetadataStore store = CreateStore();
        store.Create("/a", "0");

        store.Create("/a", "dup");
        store.SetData("/a", "x", 7);
        store.Delete("/missing", -1);

        Assert.That(store.LastChangeSequence, Is.EqualTo(1));
    }

    [Test]
    public void A_reader_gets_only_changes_after_its_sequence_and_at_most_max_of_them()
    {
        IMetadataStore store = CreateStore();
        for (int i = 0; i < 5; i++)
        {
            store.Create($"/n{i}", "");
        }

        IReadOnlyList<MetadataChange> page = store.ChangesSince(1, 2);

        Assert.That(page.Select(change => change.Sequence), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(store.ChangesSince(5, 10), Is.Empty);
    }

    [Test]
    public void The_ephemeral_nodes_removed_with_a_session_appear_in_the_change_feed_in_path_order()
    {
        IMetadataStore store = CreateStore();
        SessionId session = store.OpenSession("server-0");
        store.Create("/live/z", "", session);
        store.Create("/live/a", "", session);
        long beforeClose = store.LastChangeSequence;

        store.CloseSession(session);

        Assert.That(store.ChangesSince(beforeClose, 10), Is.EqualTo(new[]
        {
            new MetadataChange(beforeClose + 1, "/live/a", MetadataChangeKind.Deleted),
            new MetadataChange(beforeClose + 2, "/live/z", MetadataChangeKind.Deleted),
        }));
    }
}
