using Venice.Core.Helix;
using static Venice.Core.Helix.HelixState;

namespace Venice.Sim.Tests.Helix;

public sealed class HelixTransitionTableTests
{
    [TestCase(OFFLINE, STANDBY)]
    [TestCase(STANDBY, LEADER)]
    [TestCase(LEADER, STANDBY)]
    [TestCase(STANDBY, OFFLINE)]
    [TestCase(OFFLINE, DROPPED)]
    [TestCase(ERROR, DROPPED)]
    [TestCase(ERROR, OFFLINE)]
    [TestCase(DROPPED, OFFLINE)]
    public void The_leader_standby_model_allows(HelixState from, HelixState to) =>
        Assert.That(HelixTransitions.IsLegal(from, to), Is.True);

    [TestCase(OFFLINE, LEADER)]
    [TestCase(LEADER, OFFLINE)]
    [TestCase(LEADER, DROPPED)]
    [TestCase(STANDBY, DROPPED)]
    [TestCase(DROPPED, STANDBY)]
    [TestCase(ERROR, STANDBY)]
    [TestCase(STANDBY, STANDBY)]
    [TestCase(OFFLINE, ERROR)]
    public void The_leader_standby_model_forbids(HelixState from, HelixState to) =>
        Assert.That(HelixTransitions.IsLegal(from, to), Is.False);

    [Test]
    public void The_table_has_exactly_the_eight_transitions_of_the_model()
    {
        Assert.That(HelixTransitions.Table, Has.Count.EqualTo(8));
        Assert.That(HelixTransitions.Table.Distinct().Count(), Is.EqualTo(8));
    }

    [TestCase(OFFLINE, LEADER, STANDBY)]
    [TestCase(LEADER, DROPPED, STANDBY)]
    [TestCase(STANDBY, DROPPED, OFFLINE)]
    [TestCase(OFFLINE, DROPPED, DROPPED)]
    [TestCase(LEADER, OFFLINE, STANDBY)]
    [TestCase(ERROR, DROPPED, DROPPED)]
    public void The_next_step_toward_a_target_follows_the_shortest_legal_path(HelixState from, HelixState target, HelixState next) =>
        Assert.That(HelixTransitions.NextStepToward(from, target), Is.EqualTo(next));

    [Test]
    public void There_is_no_next_step_toward_the_state_a_replica_is_in() =>
        Assert.That(HelixTransitions.NextStepToward(LEADER, LEADER), Is.Null);
}
