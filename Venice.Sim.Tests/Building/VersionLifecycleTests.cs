using Venice.Core;
using Venice.Core.Reporting;
using Venice.Sim.Model;
using Venice.Sim.Running;
using Venice.Sim.World;

namespace Venice.Sim.Tests.Building;

/// <summary>A store pushed several times: versions ingest side by side, swap when ONLINE, and are retired beyond the retention.</summary>
public sealed class VersionLifecycleTests
{
    private const string Store = "orders";

    private static WorldBuilder Pushes(int count, int versionsToPreserve = StoreDefinition.DefaultVersionsToPreserve, long seed = 3)
    {
        var builder = WorldBuilder.Create(seed).WithServers(3)
            .WithStore(StoreDefinition.Batch(Store, partitions: 2, replicationFactor: 2) with { VersionsToPreserve = versionsToPreserve })
            .WithPhases(TimeSpan.Zero, TimeSpan.FromSeconds(900));
        for (int i = 0; i < count; i++) builder = builder.WithPush(Store, Workload.Puts(records: 400, keys: 100, valueBytes: 20));
        return builder;
    }

    private static string[] Events(RunResult result, string kind) =>
        result.TraceEvents.Where(e => e.Kind == kind).Select(e => e.Detail).ToArray();

    [Test]
    public void A_later_push_ingests_beside_the_current_version_on_the_same_server()
    {
        var world = Pushes(2).Build();
        world.RunUntil(Milestone.StartOfPushWritten(Store).Nth(2));
        world.RunFor(TimeSpan.FromMilliseconds(20));

        var tasks = world.Servers.SelectMany(s => s.Tasks.Select(t => (s.Id, t.Version.VersionTopic))).ToArray();
        Assert.That(tasks.Where(t => t.VersionTopic == "orders_v2"), Is.Not.Empty, "version 2 has its own ingestion tasks");
        Assert.That(world.Servers.Any(s => s.Tasks.Count(t => t.SubscribedPartitions.Any()) == 2), Is.True, "one server hosts both versions at once");
        Assert.That(world.StoreOf(new StoreVersion(Store, 1))!.Serving!.Version.Version, Is.EqualTo(1), "version 1 serves while version 2 ingests");
    }

    [Test]
    public void Each_new_online_version_becomes_current_and_the_swaps_are_in_the_trace()
    {
        var result = Pushes(3).WithRecordedTrace().Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(Events(result, "version-swap"), Is.EqualTo(new[] { "orders orders_v1 -> orders_v2", "orders orders_v2 -> orders_v3" }));
    }

    [Test]
    public void Versions_beyond_the_retention_are_retired_and_leave_nothing_on_the_servers()
    {
        var world = Pushes(4, versionsToPreserve: 2).WithRecordedTrace().Build();

        var result = world.Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(world.Versions.Select(v => v.State), Is.EqualTo(new[] { VersionState.Retired, VersionState.Retired, VersionState.Online, VersionState.Online }));
        var retired = new[] { new StoreVersion(Store, 1), new StoreVersion(Store, 2) };
        for (int server = 0; server < 3; server++)
        {
            foreach (var version in retired)
            {
                Assert.That(world.StorageEngines[server].HasPartition(version, 0) || world.StorageEngines[server].HasPartition(version, 1), Is.False,
                    $"server-{server} still stores {version}");
            }
        }
        Assert.That(world.Servers.SelectMany(s => s.Tasks).Where(t => retired.Contains(t.Version)).SelectMany(t => t.SubscribedPartitions), Is.Empty);
    }

    [Test]
    public void A_larger_retention_keeps_more_backups()
    {
        var world = Pushes(4, versionsToPreserve: 3).Build();

        world.Run();

        Assert.That(world.Versions.Select(v => v.State), Is.EqualTo(new[] { VersionState.Retired, VersionState.Online, VersionState.Online, VersionState.Online }));
    }

    [Test]
    public void A_killed_push_leaves_the_current_version_serving()
    {
        var world = Pushes(2).WithPush(Store, Workload.Puts(records: 100_000, keys: 100, valueBytes: 20))
            .WithFault(Fault.KillPush(Store).When(Milestone.StartOfPushWritten(Store).Nth(3), TimeSpan.FromMilliseconds(5)))
            .WithPhases(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(900))
            .Build();

        var result = world.Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(world.Versions.Select(v => v.State), Is.EqualTo(new[] { VersionState.Online, VersionState.Online, VersionState.Killed }));
        Assert.That(world.StatusOf(new StoreVersion(Store, 3)), Is.EqualTo(VersionStatus.ERROR));
        Assert.That(world.Stores[0].Serving!.Version, Is.EqualTo(new StoreVersion(Store, 2)));
    }

    [Test]
    public void Killing_a_push_when_none_is_in_flight_does_nothing_and_says_why()
    {
        var result = Pushes(1).WithFault(Fault.KillPush(Store).At(TimeSpan.FromSeconds(2)))
            .WithPhases(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(900)).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(result.UnfiredFaults.Select(f => f.Detail), Has.Some.Contains("no push in flight"));
    }

    [Test]
    public void A_timed_push_starts_at_its_time_even_while_the_previous_one_runs()
    {
        var result = Pushes(1).WithPush(Store, Workload.Puts(400, 100, 20), startAt: TimeSpan.FromSeconds(30))
            .WithRecordedTrace().Build().Run();

        var created = result.TraceEvents.Single(e => e.Kind == "version-created");
        Assert.That(created.SimTimeMs, Is.EqualTo(30_000));
        Assert.That(created.Detail, Does.StartWith("orders_v2"));
    }

    [Test]
    public void The_builder_refuses_a_retention_of_zero_and_a_push_that_starts_before_the_previous_one()
    {
        var builder = Pushes(1).WithPush(Store, Workload.Puts(10, 10, 10), startAt: TimeSpan.FromSeconds(20));

        Assert.Throws<ArgumentOutOfRangeException>(() => WorldBuilder.Create(1).WithStore(StoreDefinition.Batch("a", 1, 1) with { VersionsToPreserve = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithPush(Store, Workload.Puts(10, 10, 10), startAt: TimeSpan.FromSeconds(10)));
        Assert.Throws<ArgumentException>(() => WorldBuilder.Create(1).WithStore(StoreDefinition.Batch("a", 1, 1)).WithPush("a", Workload.Puts(1, 1, 1), TimeSpan.FromSeconds(1)),
            "a timed push needs a first push");
    }

    [TestCase(DefectNames.SwapBeforeOnline, new[] { InvariantNames.CurrentVersionOnline, InvariantNames.ReadsHaveServingVersion })]
    [TestCase(DefectNames.RetireWithoutDrop, new[] { InvariantNames.RetiredVersionClean })]
    public void A_lifecycle_defect_is_caught_by_its_invariant(string defect, string[] invariants)
    {
        var result = Pushes(3).WithDefect(defect).Build().Run();

        Assert.That(result.Violations.Select(v => v.Invariant).Distinct().Order(), Is.EqualTo(invariants.Order()));
    }

    [Test]
    public void Retiring_the_current_version_is_caught_by_reads_have_serving_version()
    {
        var result = Pushes(2, versionsToPreserve: 1).WithDefect(DefectNames.RetireCurrentVersion).Build().Run();

        Assert.That(result.Violations.Select(v => v.Invariant).Distinct(), Is.EqualTo(new[] { InvariantNames.ReadsHaveServingVersion }));
    }

    [Test]
    public void Swapping_to_a_killed_push_is_caught_by_failed_push_keeps_current()
    {
        var result = Pushes(1).WithPush(Store, Workload.Puts(records: 100_000, keys: 100, valueBytes: 20))
            .WithFault(Fault.KillPush(Store).When(Milestone.StartOfPushWritten(Store).Nth(2), TimeSpan.FromMilliseconds(5)))
            .WithPhases(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(900))
            .WithDefect(DefectNames.SwapToFailedPush).Build().Run();

        Assert.That(result.Violations.Select(v => v.Invariant), Does.Contain(InvariantNames.FailedPushKeepsCurrent).And.Contain(InvariantNames.CurrentVersionOnline));
    }
}
