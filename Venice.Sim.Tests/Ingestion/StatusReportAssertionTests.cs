using Venice.Core;
using Venice.Core.Defects;
using Venice.Core.Ingestion;
using Venice.Core.Messages;
using Venice.Core.Producer;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>A replica's reports follow <see cref="ReplicaStatusTransitions"/>, checked where Core reports them.</summary>
public sealed class StatusReportAssertionTests
{
    /// <summary>A controller that re-sends TOPIC_SWITCH: one producer, so the second is not a DIV duplicate.</summary>
    private static void TopicSwitchTwice(IngestionHarness h)
    {
        var writer = new VeniceWriter(h.Log, IngestionHarness.Version.VersionTopic, new SeededRandom(9).NextProducerGuid(), ChecksumType.AdHash, h.Clock);
        writer.SendControl(0, ControlPayload.TopicSwitch(IngestionHarness.Version.RealTimeTopic, -1));
        writer.SendControl(0, ControlPayload.TopicSwitch(IngestionHarness.Version.RealTimeTopic, -1));
    }

    [Test]
    public void A_second_topic_switch_report_in_one_incarnation_is_an_assertion_failure()
    {
        var h = new IngestionHarness();
        h.Push(3);
        TopicSwitchTwice(h);
        h.StartReplica();

        var failure = Assert.Throws<WritePathAssertionException>(h.RunUntilIdle);

        Assert.That(failure!.Message, Does.Contain("TOPIC_SWITCH_RECEIVED -> TOPIC_SWITCH_RECEIVED"));
        Assert.That(h.Recorder.Statuses, Is.EqualTo(new[]
        {
            ExecutionStatus.STARTED, ExecutionStatus.END_OF_PUSH_RECEIVED, ExecutionStatus.COMPLETED, ExecutionStatus.TOPIC_SWITCH_RECEIVED,
        }), "the illegal report never reaches the observer");
    }

    [Test]
    public void Under_complete_before_eop_the_out_of_order_reports_reach_the_invariant_checkers()
    {
        var h = new IngestionHarness();
        h.Push(3);
        // One record per poll: the readiness check after the first batch runs before EOP is read.
        h.StartReplica(IngestionOptions.Defaults with
        {
            PollBatchRecords = 1,
            Defects = SeededDefects.FromNames([SeededDefects.CompleteBeforeEopName]),
        });

        h.RunUntilIdle();

        // The first batch is the driver's START_OF_SEGMENT alone: COMPLETED comes before anything else.
        Assert.That(h.Recorder.Statuses, Is.EqualTo(new[]
        {
            ExecutionStatus.COMPLETED, ExecutionStatus.STARTED, ExecutionStatus.END_OF_PUSH_RECEIVED,
        }));
    }
}
