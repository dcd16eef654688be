using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.FsCheck;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Properties;

/// <summary>
/// The shrunk counterexample of the demote-without-drain failover property, kept as
/// scenarios/regressions/demote-without-drain-failover.yaml by <see cref="Regressions.Save"/>: the file
/// replays the violation through the scenario runner as `venice-sim run` does, and is the checked-in file.
/// </summary>
[TestFixture]
[Category("Property")]
public sealed class FailoverRegressionTests
{
    private const string Defect = "demote-without-drain";
    private const string RegressionName = "demote-without-drain-failover";
    private const string CheckedInFile = "scenarios/regressions/" + RegressionName + ".yaml";

    /// <summary>The same search as <see cref="FailoverProperties"/>' demote-without-drain test, with its replay seed, so the same case shrinks out.</summary>
    private static FailoverWorldCase ShrunkCounterexample()
    {
        FailoverWorldCase? smallestFailing = null;
        var property = Prop.ForAll(VeniceArbitraries.FailoverWorld(), c =>
        {
            bool passed = c.ToBuilder().WithDefect(Defect).Build().Run().Outcome == RunOutcome.Passed;
            if (!passed) smallestFailing = c;
            return passed;
        });
        var config = Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(20_261_124UL, 0x9E3779B97F4A7C15UL);
        Assert.Catch<Exception>(() => Check.One(config, property));
        Assert.That(smallestFailing, Is.Not.Null, "the property must fail with the defect");
        return smallestFailing!;
    }

    [Test]
    public void The_shrunk_counterexample_saved_as_a_scenario_reproduces_its_violations_through_the_scenario_runner()
    {
        var shrunk = ShrunkCounterexample();
        string directory = Path.Combine(Path.GetTempPath(), "venice-regressions-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Regressions.Save(shrunk, Defect, directory, RegressionName);
            var inProcess = shrunk.ToBuilder().WithDefect(Defect).Build().Run();
            var scenario = LibraryScenario.Load(path);

            var first = LibraryScenario.Run(scenario, scenario.Seed);
            var second = LibraryScenario.Run(scenario, scenario.Seed);
            var loadedInProcess = WorldBuilder.From(scenario.ToSpec()).Build().Run();
            var namedInProcess = WorldBuilder.From(shrunk.ToBuilder().WithDefect(Defect).WithName(RegressionName).Spec).Build().Run();

            Assert.Multiple(() =>
            {
                Assert.That(inProcess.Violations, Is.Not.Empty, "the FsCheck run violates an invariant");
                Assert.That(first.Outcome, Is.EqualTo(RunOutcome.Passed), LibraryScenario.Describe(first, path));
                Assert.That(first.Violations.Select(v => v.Invariant).Distinct().Order(StringComparer.Ordinal),
                    Is.EqualTo(inProcess.Violations.Select(v => v.Invariant).Distinct().Order(StringComparer.Ordinal)));
                Assert.That(first.VersionStatus, Is.EqualTo(inProcess.VersionStatus));
                Assert.That(second.TraceSha256, Is.EqualTo(first.TraceSha256), "the file's run is deterministic");
                Assert.That(loadedInProcess.TraceSha256, Is.EqualTo(namedInProcess.TraceSha256), "the file is the FsCheck world");
            });
            // Kept beside the test output when it differs, so updating the checked-in file is one copy.
            string written = File.ReadAllText(path);
            string checkedIn = Path.Combine(LibraryScenario.RepositoryRoot, CheckedInFile);
            string received = Path.Combine(TestContext.CurrentContext.WorkDirectory, RegressionName + ".received.yaml");
            if (!File.Exists(checkedIn) || File.ReadAllText(checkedIn) != written) File.WriteAllText(received, written);
            Assert.That(File.Exists(checkedIn) ? File.ReadAllText(checkedIn) : "(missing)", Is.EqualTo(written),
                $"{CheckedInFile} must be this counterexample; if the generators changed, copy {received} over it");
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
