using Venice.Sim.Cli;
using Venice.Sim.FsCheck;

namespace Venice.Sim.Tests.Cli;

/// <summary>`venice-sim shrink-table`: the per-defect table of docs/property-testing.md, its files, and its refusals.</summary>
public sealed class The_shrink_table_verb : CliFixture
{
    [Test]
    public void Writes_the_table_between_the_pages_markers_and_a_regression_file_per_defect_found()
    {
        File.WriteAllText("page.md", "# Title\n\n" + ShrinkTable.BeginMarker + "\nold table\n" + ShrinkTable.EndMarker + "\n\nafter\n");
        Directory.CreateDirectory("regs");

        var result = Invoke("shrink-table", "--defect", "complete-before-eop", "--tests", "20", "--out", "page.md", "--regressions", "regs");

        string page = File.ReadAllText("page.md");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Passed), result.Out);
            Assert.That(result.Out, Does.Contain("complete-before-eop: found at case 1"));
            Assert.That(page, Does.StartWith("# Title\n\n" + ShrinkTable.BeginMarker + "\n"));
            Assert.That(page, Does.EndWith(ShrinkTable.EndMarker + "\n\nafter\n"));
            Assert.That(page, Does.Not.Contain("old table"));
            Assert.That(page, Does.Contain("| `complete-before-eop` | yes | 1 |"));
            Assert.That(File.ReadAllText("regs/complete-before-eop-failover.yaml"), Does.Contain("schedule: []"));
        });
    }

    [Test]
    public void Refuses_a_budget_of_zero_and_an_unknown_hunt_with_exit_2()
    {
        var zero = Invoke("shrink-table", "--tests", "0");
        var unknown = Invoke("shrink-table", "--defect", "no-such-defect");
        var missing = Invoke("shrink-table", "--regressions", "no/such/dir");

        Assert.Multiple(() =>
        {
            Assert.That(zero.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(zero.Error, Does.Contain("--tests must be at least 1"));
            Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(unknown.Error, Does.Contain("no defect hunt by that name"));
            Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(missing.Error, Does.Contain("no such directory"));
        });
    }
}
