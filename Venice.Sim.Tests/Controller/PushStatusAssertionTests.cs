using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Reporting;

namespace Venice.Sim.Tests.Controller;

/// <summary>The push monitor moves a push's status only along <see cref="PushStatusTransitions"/>.</summary>
public sealed class PushStatusAssertionTests
{
    private static readonly StoreVersion Version = new("store", 1);

    [TestCase(PushDecision.EndOfPushReceived, PushDecision.Started)]
    [TestCase(PushDecision.Completed, PushDecision.Error)]
    [TestCase(PushDecision.Error, PushDecision.Completed)]
    [TestCase(PushDecision.Started, PushDecision.Started)]
    public void An_illegal_push_status_transition_is_an_assertion_failure_naming_it(PushDecision from, PushDecision to)
    {
        var failure = Assert.Throws<WritePathAssertionException>(() => PushStatusTransitions.Require(Version, from, to));

        Assert.That(failure!.Message, Does.Contain($"{from} -> {to}").And.Contain(Version.VersionTopic));
    }

    [Test]
    public void A_hybrid_push_whose_replicas_report_started_again_stays_at_end_of_push_received()
    {
        var rig = new VeniceParity.PushMonitorRig(PushStrategy.WaitAll, partitions: 1, replicationFactor: 1, hybrid: true);
        rig.View(0, (0, "LEADER"));
        rig.Report(0, (0, ExecutionStatus.END_OF_PUSH_RECEIVED));
        rig.Monitor.Poll();

        // The replica restarted: its latest report is STARTED, so the decider says STARTED again.
        rig.Report(0, (0, ExecutionStatus.STARTED));
        rig.Monitor.Poll();

        Assert.That(rig.Status, Is.EqualTo(PushDecision.EndOfPushReceived));
    }
}
