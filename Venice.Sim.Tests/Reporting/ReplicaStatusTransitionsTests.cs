using Venice.Core.Reporting;

namespace Venice.Sim.Tests.Reporting;

public sealed class ReplicaStatusTransitionsTests
{
    [Test]
    public void An_incarnation_opens_with_started_or_error_only()
    {
        Assert.That(ReplicaStatusTransitions.IsLegal(null, ExecutionStatus.STARTED), Is.True);
        Assert.That(ReplicaStatusTransitions.IsLegal(null, ExecutionStatus.ERROR), Is.True);
        Assert.That(ReplicaStatusTransitions.IsLegal(null, ExecutionStatus.COMPLETED), Is.False);
    }

    [Test]
    public void Completed_never_follows_completed_or_error()
    {
        Assert.That(ReplicaStatusTransitions.IsLegal(ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED), Is.False);
        Assert.That(ReplicaStatusTransitions.IsLegal(ExecutionStatus.ERROR, ExecutionStatus.COMPLETED), Is.False);
    }

    [Test]
    public void Error_is_not_reported_after_completed()
    {
        Assert.That(ReplicaStatusTransitions.IsLegal(ExecutionStatus.COMPLETED, ExecutionStatus.ERROR), Is.False);
    }

    [Test]
    public void The_batch_path_started_then_end_of_push_then_completed_is_legal()
    {
        Assert.That(ReplicaStatusTransitions.IsLegal(ExecutionStatus.STARTED, ExecutionStatus.END_OF_PUSH_RECEIVED), Is.True);
        Assert.That(ReplicaStatusTransitions.IsLegal(ExecutionStatus.END_OF_PUSH_RECEIVED, ExecutionStatus.COMPLETED), Is.True);
    }

    [Test]
    public void Execution_status_numbers_match_venice()
    {
        Assert.That((int)ExecutionStatus.STARTED, Is.EqualTo(2));
        Assert.That((int)ExecutionStatus.END_OF_PUSH_RECEIVED, Is.EqualTo(4));
        Assert.That((int)ExecutionStatus.TOPIC_SWITCH_RECEIVED, Is.EqualTo(6));
        Assert.That((int)ExecutionStatus.COMPLETED, Is.EqualTo(10));
        Assert.That((int)ExecutionStatus.ERROR, Is.EqualTo(12));
        Assert.That((int)ExecutionStatus.DATA_RECOVERY_COMPLETED, Is.EqualTo(17));
    }
}

public sealed class ReplicaStatusMapTests
{
    [Test]
    public void The_encoding_is_sorted_by_server_and_round_trips()
    {
        var map = new ReplicaStatusMap();
        map.Set(new Venice.Core.ServerId(2), ExecutionStatus.COMPLETED);
        map.Set(new Venice.Core.ServerId(0), ExecutionStatus.STARTED);

        string encoded = map.Encode();
        var decoded = ReplicaStatusMap.Decode(encoded);

        Assert.That(encoded, Is.EqualTo("0=STARTED\n2=COMPLETED\n"));
        Assert.That(decoded.Encode(), Is.EqualTo(encoded));
    }
}
