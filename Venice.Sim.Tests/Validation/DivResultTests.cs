using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class DivResultTests
{
    [TestCase(DivResult.Missing)]
    [TestCase(DivResult.Corrupt)]
    [TestCase(DivResult.UnregisteredProducer)]
    [TestCase(DivResult.DataAfterEndOfSegment)]
    public void Lost_corrupt_or_unexplained_data_is_fatal(DivResult result)
    {
        Assert.That(result.IsFatal(), Is.True);
    }

    [TestCase(DivResult.Ok)]
    [TestCase(DivResult.Duplicate)]
    public void Ok_and_duplicates_are_not_fatal(DivResult result)
    {
        Assert.That(result.IsFatal(), Is.False);
    }
}
