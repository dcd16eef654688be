using System.Diagnostics;
using Venice.Sim.Cli;

namespace Venice.Sim.Tests.Cli;

/// <summary>The line `explore` keeps while it runs: iterations of the budget, rate and an ETA bounded by the time limit.</summary>
[TestFixture]
public sealed class The_explore_progress_line
{
    private static ExploreProgressLine Line(uint iterations, TimeSpan? timeLimit) =>
        new(new CliOutput(TextWriter.Null, TextWriter.Null), quiet: false, new Stopwatch(), iterations, timeLimit);

    [Test]
    public void Shows_the_iterations_done_of_the_budget_the_rate_and_the_time_the_rest_takes_at_that_rate()
    {
        Assert.That(Line(150, null).Describe(done: 50, TimeSpan.FromSeconds(10)),
            Is.EqualTo("exploring: 50/150 iterations (33%), 0 bugs, 5.0 it/s, ETA 20s"));
    }

    [Test]
    public void Shows_the_time_limit_when_it_comes_before_the_budget_is_spent()
    {
        Assert.That(Line(150, TimeSpan.FromSeconds(15)).Describe(done: 50, TimeSpan.FromSeconds(10)),
            Is.EqualTo("exploring: 50/150 iterations (33%), 0 bugs, 5.0 it/s, ETA 5s (time limit)"));
    }

    [Test]
    public void Keeps_the_budget_estimate_when_the_time_limit_is_further_away()
    {
        Assert.That(Line(150, TimeSpan.FromMinutes(10)).Describe(done: 50, TimeSpan.FromSeconds(10)), Does.EndWith("ETA 20s"));
    }
}
