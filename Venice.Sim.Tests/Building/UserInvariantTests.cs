using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Building;

/// <summary>
/// follower-completes-after-leader, written against the public API only: no version goes ONLINE with a
/// COMPLETED follower whose partition's EV leader has not reported COMPLETED. (Checked when the version goes
/// ONLINE, not at each report: in a batch push leader and followers all consume the VT the push job writes,
/// so a follower may legitimately report first.)
/// <paramref name="strict"/> turns it into a variant that cannot hold (no replica may complete before every
/// other replica has), to show a firing invariant is recorded with its name, message and time.
/// </summary>
internal sealed class FollowerCompletesAfterLeader(bool strict = false) : Invariant
{
    public override string Name => strict ? "all-replicas-complete-together" : "follower-completes-after-leader";

    public override void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset)
    {
        if (!strict || status != ExecutionStatus.COMPLETED) return;
        var others = Enumerable.Range(0, World.ServerCount).Select(i => new ServerId(i)).Where(s => s != replica.Server);
        if (others.Any(s => World.ReportedStatusOf(new ReplicaId(replica.Version, replica.Partition, s)) != ExecutionStatus.COMPLETED))
            Violated($"{replica} completed while another replica had not");
    }

    public override void VersionStatusChanged(StoreVersion version, VersionStatus status)
    {
        if (strict || status != VersionStatus.ONLINE) return;
        var definition = World.Stores.Single(s => s.Name == version.Store);
        for (int partition = 0; partition < definition.Partitions; partition++)
        {
            if (World.LeaderOf(version, partition) is not { } leader) continue;
            bool leaderCompleted = World.ReportedStatusOf(new ReplicaId(version, partition, leader)) == ExecutionStatus.COMPLETED;
            for (int server = 0; server < World.ServerCount && !leaderCompleted; server++)
            {
                var follower = new ReplicaId(version, partition, new ServerId(server));
                if (World.HelixStateOf(follower) == HelixState.STANDBY && World.ReportedStatusOf(follower) == ExecutionStatus.COMPLETED)
                    Violated($"{version} went ONLINE with follower {follower} COMPLETED before leader {leader}");
            }
        }
    }
}

public sealed class UserInvariantTests
{
    private static WorldBuilder SmallWorld(long seed) =>
        WorldBuilder.Create(seed).WithServers(3)
            .WithStore(StoreDefinition.Batch("orders", partitions: 2, replicationFactor: 3))
            .WithPush("orders", Workload.Puts(records: 300, keys: 100, valueBytes: 50));

    [Test]
    public void A_user_invariant_holds_on_a_healthy_world()
    {
        var result = SmallWorld(7).WithInvariant(() => new FollowerCompletesAfterLeader()).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
    }

    [Test]
    public void A_firing_user_invariant_is_recorded_with_its_name_message_time_and_actor()
    {
        var result = SmallWorld(7).WithInvariant(() => new FollowerCompletesAfterLeader(strict: true)).Build().Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Failed));
        var violation = result.Violations.First(v => v.Invariant == "all-replicas-complete-together");
        Assert.That(violation.Message, Does.Contain("completed while another replica had not"));
        Assert.That(violation.SimTimeMs, Is.GreaterThan(0));
        Assert.That(violation.Step, Is.GreaterThan(0));
        Assert.That(violation.Actor, Does.StartWith("server-"));
    }

    [Test]
    public void Each_built_world_gets_a_fresh_invariant_and_after_step_runs_every_step()
    {
        var counters = new List<StepCounter>();
        var builder = SmallWorld(7).WithInvariant(() => { var c = new StepCounter(); counters.Add(c); return c; });

        var first = builder.Build().Run();
        builder.Build().Run();

        Assert.That(counters, Has.Count.EqualTo(2));
        Assert.That(counters[0].Steps, Is.EqualTo(first.Steps));
        Assert.That(counters[0].EndedQuiescent, Is.True);
    }

    [Test]
    public void A_recorded_trace_comes_back_with_the_result()
    {
        var result = SmallWorld(7).WithRecordedTrace().Build().Run();

        Assert.That(result.TraceEvents, Is.Not.Empty);
        Assert.That(result.TraceEvents[^1].Kind, Is.EqualTo("end"));
    }

    private sealed class StepCounter : IInvariant
    {
        public string Name => "step-counter";
        public long Steps { get; private set; }
        public bool? EndedQuiescent { get; private set; }
        public void Attach(IInvariantContext context) { }
        public void AfterStep() => Steps++;
        public void AtEnd(bool quiescent) => EndedQuiescent = quiescent;
    }
}
