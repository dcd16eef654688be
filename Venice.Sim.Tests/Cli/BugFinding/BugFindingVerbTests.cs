using Venice.Sim.Cli;
using Venice.Sim.Scenarios;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Cli.BugFinding;

/// <summary>`venice-sim bug-finding`: the benchmark of docs/bug-finding.md, its page and its refusals.</summary>
public sealed class The_bug_finding_verb : CliFixture
{
    private static string Library => Path.Combine(LibraryScenario.RepositoryRoot, "scenarios");

    [Test]
    public void Finds_a_defect_with_the_seeded_swarm_and_writes_the_table_between_the_pages_markers()
    {
        VeniceSimCli.RunnerFactory = () => new ScenarioRunner();
        File.WriteAllText("page.md", "# Title\n\n" + BugFindingVerb.BeginMarker + "\nold table\n" + BugFindingVerb.EndMarker + "\n\nafter\n");

        var result = Invoke("bug-finding", "--defect", "complete-before-eop", "--driver", "swarm", "--runs", "2", "--budget", "3",
            "--scenarios", Library, "--out", "page.md");

        string page = File.ReadAllText("page.md");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Passed), result.Out + result.Error);
            Assert.That(result.Out, Does.Contain("complete-before-eop x swarm: 2/2, median 1 it"));
            Assert.That(result.Out, Does.Contain("healthy x swarm: 0 false alarm(s) in 2 run(s) of 3"));
            Assert.That(page, Does.StartWith("# Title\n\n" + BugFindingVerb.BeginMarker + "\n"));
            Assert.That(page, Does.EndWith(BugFindingVerb.EndMarker + "\n\nafter\n"));
            Assert.That(page, Does.Not.Contain("old table"));
            Assert.That(page, Does.Contain("| `complete-before-eop` | `batch-push.yaml` | 2/2, median 1 it, "));
            Assert.That(page, Does.Contain("| healthy (false alarms) | each world above, in turn | 0 in 2 x 3 |"));
            Assert.That(page, Does.Contain("`venice-sim bug-finding --runs 2 --budget 3 --seed 1 --defect complete-before-eop --driver swarm --out page.md`"));
        });
    }

    [Test]
    public void Marks_the_exhaustive_mode_as_not_applicable_to_a_defect_world()
    {
        // Every catalog defect has an FsCheck hunt now, so a "no hunt" cell cannot be shown; the exhaustive
        // mode enumerates only its tiny world, which no defect world fits.
        var result = Invoke("bug-finding", "--defect", "complete-before-eop", "--driver", "exhaustive", "--scenarios", Library);

        Assert.That(result.Out, Does.Contain("complete-before-eop x exhaustive: n/a"));
    }

    [Test]
    public void Refuses_an_unknown_defect_or_driver_a_budget_or_run_count_of_zero_and_a_missing_library_with_exit_2()
    {
        var defect = Invoke("bug-finding", "--defect", "no-such-defect");
        var driver = Invoke("bug-finding", "--driver", "dfs");
        var budget = Invoke("bug-finding", "--budget", "0");
        var runs = Invoke("bug-finding", "--runs", "0");
        var library = Invoke("bug-finding", "--scenarios", "no/such/dir");

        Assert.Multiple(() =>
        {
            Assert.That(defect.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(defect.Error, Does.Contain("--defect no-such-defect: unknown defect; expected one of: promote-without-wait"));
            Assert.That(driver.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(driver.Error, Does.Contain("--driver dfs: unknown driver; expected one of: swarm, portfolio"));
            Assert.That(budget.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(budget.Error, Does.Contain("--budget must be at least 1"));
            Assert.That(runs.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(runs.Error, Does.Contain("--runs must be at least 1"));
            Assert.That(library.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(library.Error, Does.Contain("--scenarios no/such/dir: no such directory"));
        });
    }
}
