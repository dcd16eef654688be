using Venice.Core.Metadata;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.InMemory;

[TestFixture]
public sealed class InMemoryMetadataStore_session_expiry
{
    [Test]
    public void An_expired_session_loses_its_ephemeral_nodes_and_cannot_create_new_ones()
    {
        var store = new InMemoryMetadataStore();
        SessionId session = store.OpenSession("server-2");
        store.Create("/cluster/live/server-2", "up", session);
        long beforeExpiry = store.LastChangeSequence;

        store.ExpireSession(session);

        Assert.That(store.IsSessionAlive(session), Is.False);
        Assert.That(store.TryGet("/cluster/live/server-2", out _), Is.False);
        Assert.That(store.ChangesSince(beforeExpiry, 10), Is.EqualTo(new[]
        {
            new MetadataChange(beforeExpiry + 1, "/cluster/live/server-2", MetadataChangeKind.Deleted),
        }));
        Assert.That(store.Create("/cluster/live/server-2", "up", session).Status, Is.EqualTo(MetadataStatus.SessionExpired));
    }

    [Test]
    public void The_owner_of_a_session_is_remembered_after_it_ends()
    {
        var store = new InMemoryMetadataStore();
        SessionId session = store.OpenSession("server-2");
        store.ExpireSession(session);

        Assert.That(store.SessionOwner(session), Is.EqualTo("server-2"));
        Assert.That(store.SessionOwner(new SessionId(99)), Is.Null);
    }
}

[TestFixture]
public sealed class InMemoryMetadataStore_change_feed_retention
{
    [Test]
    public void Only_the_newest_changes_up_to_the_retention_are_kept()
    {
        var store = new InMemoryMetadataStore(changeFeedRetention: 100);
        for (int i = 0; i < 250; i++)
        {
            store.Create($"/n{i}", "");
        }

        Assert.That(store.LastChangeSequence, Is.EqualTo(250));
        Assert.That(store.OldestRetainedSequence, Is.EqualTo(151));
        Assert.That(store.ChangesSince(0, 1_000).Select(change => change.Sequence), Is.EqualTo(Sequences(151, 250)));
    }

    [Test]
    public void A_reader_that_fell_behind_the_retention_sees_the_gap_in_the_sequences()
    {
        var store = new InMemoryMetadataStore(changeFeedRetention: 10);
        for (int i = 0; i < 30; i++)
        {
            store.Create($"/n{i}", "");
        }

        IReadOnlyList<MetadataChange> page = store.ChangesSince(5, 3);

        Assert.That(page.Select(change => change.Sequence), Is.EqualTo(new long[] { 21, 22, 23 }));
        Assert.That(page[0].Path, Is.EqualTo("/n20"));
    }

    [Test]
    public void The_feed_is_read_correctly_while_it_grows_towards_the_retention()
    {
        var store = new InMemoryMetadataStore(changeFeedRetention: 1_000);
        for (int i = 0; i < 500; i++)
        {
            store.Create($"/n{i}", "");
        }

        IReadOnlyList<MetadataChange> all = store.ChangesSince(0, 1_000);

        Assert.That(all.Select(change => change.Sequence), Is.EqualTo(Sequences(1, 500)));
        Assert.That(all[499].Path, Is.EqualTo("/n499"));
    }

    [Test]
    public void The_default_retention_is_one_million_changes()
    {
        Assert.That(InMemoryMetadataStore.DefaultChangeFeedRetention, Is.EqualTo(1_000_000));
    }

    private static IEnumerable<long> Sequences(long first, long last) =>
        Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i);
}

[TestFixture]
public sealed class InMemoryMetadataStore_paths
{
    [TestCase("")]
    [TestCase("relative")]
    [TestCase("/trailing/")]
    [TestCase("/double//slash")]
    [TestCase("/")]
    public void A_malformed_path_is_refused(string path)
    {
        var store = new InMemoryMetadataStore();

        Assert.Throws<ArgumentException>(() => store.Create(path, ""));
    }

    [Test]
    public void An_implicit_parent_is_listed_as_a_child_but_is_not_a_node()
    {
        var store = new InMemoryMetadataStore();
        store.Create("/a/b/c", "");

        Assert.That(store.GetChildren("/a"), Is.EqualTo(new[] { "b" }));
        Assert.That(store.TryGet("/a/b", out _), Is.False);
    }

    [Test]
    public void Deleting_a_node_keeps_its_descendants()
    {
        var store = new InMemoryMetadataStore();
        store.Create("/a", "");
        store.Create("/a/b", "");

        store.Delete("/a", -1);

        Assert.That(store.TryGet("/a/b", out _), Is.True);
        Assert.That(store.GetChildren("/"), Is.EqualTo(new[] { "a" }));
    }
}
