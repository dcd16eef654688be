using System.Text;
using Venice.Core.Messages;
using Venice.Core.Producer;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>
/// An UPDATE belongs in the real-time topic only: a replica that meets one in the version topic (a
/// follower, or any replica during a batch push) errors, as Venice's drainer does, rather than skip it.
/// </summary>
[TestFixture]
public sealed class UpdateInVersionTopicTests
{
    [Test]
    public void An_update_in_a_batch_push_errors_the_replica_and_is_not_applied()
    {
        var harness = new IngestionHarness();
        var writer = new VeniceWriter(harness.Log, IngestionHarness.Version.VersionTopic, new SeededRandom(9).NextProducerGuid(), ChecksumType.AdHash, harness.Clock);
        writer.BroadcastStartOfPush(1);
        writer.Put(0, Encoding.ASCII.GetBytes("k"), Encoding.ASCII.GetBytes("v"));
        writer.Update(0, Encoding.ASCII.GetBytes("k"), PartialUpdate.Encode(0, Encoding.ASCII.GetBytes("X")));
        writer.Close();
        harness.StartReplica();

        harness.RunUntilIdle();

        Assert.That(harness.Task.TryGetPartition(0, out var state) && state.Errored, Is.True);
        Assert.That(harness.Recorder.Events, Has.Some.StartsWith("update-in-version-topic store_v1-0@server-0 vt=3"));
        Assert.That(harness.Value("k"), Is.EqualTo("v"));
    }

    [Test]
    public void An_update_in_the_version_topic_after_end_of_push_errors_the_replica_too()
    {
        var harness = new IngestionHarness();
        harness.Push(2);
        var writer = new VeniceWriter(harness.Log, IngestionHarness.Version.VersionTopic, new SeededRandom(9).NextProducerGuid(), ChecksumType.AdHash, harness.Clock);
        writer.Update(0, Encoding.ASCII.GetBytes("key-0"), PartialUpdate.Encode(0, Encoding.ASCII.GetBytes("X")));
        harness.StartReplica();

        harness.RunUntilIdle();

        Assert.That(harness.Task.TryGetPartition(0, out var state) && state.Errored, Is.True);
        Assert.That(harness.Value("key-0"), Is.EqualTo("value-0"));
    }
}
