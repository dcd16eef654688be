using Venice.Sim.Reports;

namespace Venice.Sim.Tests.Reports;

[TestFixture]
public sealed class CoverageCountsTests
{
    private static readonly CoverageCounts A = CoverageCounts.Of([new("status COMPLETED", 3), new("fault Crash", 1)]);
    private static readonly CoverageCounts B = CoverageCounts.Of([new("status COMPLETED", 2), new("promotion completed", 5)]);
    private static readonly CoverageCounts C = CoverageCounts.Of([new("a-name-from-a-newer-simulator", 7)], runs: 4);

    [Test]
    public void Merging_adds_counts_and_runs()
    {
        var merged = A.Merge(B);
        Assert.That(merged["status COMPLETED"], Is.EqualTo(5));
        Assert.That(merged["fault Crash"], Is.EqualTo(1));
        Assert.That(merged["promotion completed"], Is.EqualTo(5));
        Assert.That(merged["never seen"], Is.Zero);
        Assert.That(merged.Runs, Is.EqualTo(2));
    }

    [Test]
    public void Merging_does_not_depend_on_the_order_of_the_results()
    {
        var expected = CoverageCounts.MergeAll([A, B, C]);
        foreach (var order in new[] { new[] { A, C, B }, new[] { B, A, C }, new[] { B, C, A }, new[] { C, A, B }, new[] { C, B, A } })
        {
            Assert.That(CoverageCounts.MergeAll(order), Is.EqualTo(expected));
            Assert.That(CoverageCounts.MergeAll(order).ToJson(), Is.EqualTo(expected.ToJson()));
        }

        Assert.That(A.Merge(B.Merge(C)), Is.EqualTo(A.Merge(B).Merge(C)), "associative");
        Assert.That(A.Merge(CoverageCounts.Empty), Is.EqualTo(A), "Empty is the identity");
    }

    [Test]
    public void Json_round_trips_exactly_and_keeps_names_outside_the_catalog()
    {
        var merged = A.Merge(C);
        var json = merged.ToJson();
        Assert.That(json, Is.EqualTo("{\"runs\":5,\"reached\":{\"a-name-from-a-newer-simulator\":7,\"fault Crash\":1,\"status COMPLETED\":3}}"));
        Assert.That(CoverageCounts.FromJson(json), Is.EqualTo(merged));
    }

    [TestCase("[]", "expected a JSON object")]
    [TestCase("{\"runs\":1}", "'reached' is missing")]
    [TestCase("{\"runs\":1,\"reached\":{\"x\":-1}}", "count of 'x' is not a whole number >= 0")]
    [TestCase("{\"runs\":1,\"reached\":{\"x\":1.5}}", "count of 'x' is not a whole number >= 0")]
    [TestCase("{\"runs\":1,\"reached\":{\"x\":1,\"x\":2}}", "'x' appears twice")]
    [TestCase("{\"runs\":\"1\",\"reached\":{}}", "mistyped property 'runs'")]
    [TestCase("{\"runs\":1,\"reached\":{},\"extra\":0}", "property 'extra'")]
    [TestCase("{", "not valid JSON")]
    public void Reading_anything_else_says_what_was_expected(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => CoverageCounts.FromJson(json));
        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void Never_reached_lists_the_catalog_events_without_a_count_in_catalog_order()
    {
        var never = A.NeverReached.Select(e => e.Name).ToArray();
        Assert.That(never, Does.Not.Contain("status COMPLETED").And.Not.Contain("fault Crash"));
        Assert.That(never, Has.Length.EqualTo(CoverageCatalog.Events.Count - 2));
        Assert.That(never, Is.EqualTo(CoverageCatalog.Events.Select(e => e.Name).Where(never.Contains)));
    }

    [Test]
    public void The_catalog_names_each_event_once()
    {
        var names = CoverageCatalog.Events.Select(e => e.Name).ToArray();
        Assert.That(names, Is.Unique);
        Assert.That(names, Does.Contain("helix STANDBY->LEADER").And.Contain("status TOPIC_SWITCH_RECEIVED").And.Contain("fault Crash at EndOfPushConsumed")
            .And.Contain("div Missing").And.Contain(CoverageCatalog.PromotionAborted).And.Contain(CoverageCatalog.FastReadyToServe)
            .And.Contain(CoverageCatalog.TopicSwitchHandled).And.Contain(CoverageCatalog.VersionSwapped).And.Contain(CoverageCatalog.CheckpointRestored));
    }
}
