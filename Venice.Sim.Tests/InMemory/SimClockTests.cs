using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.InMemory;

[TestFixture]
public sealed class SimClock_moves_only_forward
{
    [Test]
    public void It_starts_at_zero_unless_told_otherwise()
    {
        Assert.That(new SimClock().NowMs, Is.EqualTo(0));
        Assert.That(new SimClock(5_000).NowMs, Is.EqualTo(5_000));
    }

    [Test]
    public void AdvanceTo_sets_the_time_and_may_stay_at_the_current_time()
    {
        var clock = new SimClock();

        clock.AdvanceTo(300_000);
        clock.AdvanceTo(300_000);

        Assert.That(clock.NowMs, Is.EqualTo(300_000));
    }

    [Test]
    public void AdvanceBy_adds_to_the_current_time()
    {
        var clock = new SimClock(10);

        clock.AdvanceBy(15);

        Assert.That(clock.NowMs, Is.EqualTo(25));
    }

    [Test]
    public void Going_backwards_is_refused_and_leaves_the_time_unchanged()
    {
        var clock = new SimClock(100);

        Assert.Throws<InvalidOperationException>(() => clock.AdvanceTo(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceBy(-1));
        Assert.That(clock.NowMs, Is.EqualTo(100));
    }
}
