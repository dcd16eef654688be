using Venice.Sim.Cli;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;

namespace Venice.Sim.Tests.Cli;

/// <summary>What one in-process invocation of the CLI printed and returned.</summary>
internal sealed record CliInvocation(int ExitCode, string Out, string Error)
{
    public string LastOutLine => Out.TrimEnd('\n').Split('\n')[^1];
}

/// <summary>
/// Base fixture: each test gets an empty working directory with a ./scenarios folder and a fake
/// engine; the CLI runs in-process with stdout and stderr captured. Console and the working
/// directory are process-wide, hence NonParallelizable.
/// </summary>
[NonParallelizable]
public abstract class CliFixture
{
    private string previousDirectory = string.Empty;
    private Func<IScenarioRunner> previousFactory = VeniceSimCli.RunnerFactory;
    private Venice.Sim.Scenarios.ScenarioLoadOptions previousLoadOptions = VeniceSimCli.ScenarioLoadOptions;

    protected string WorkDirectory { get; private set; } = string.Empty;

    internal FakeScenarioRunner Runner { get; set; } = new();

    [SetUp]
    public void EnterWorkDirectory()
    {
        previousDirectory = Directory.GetCurrentDirectory();
        previousFactory = VeniceSimCli.RunnerFactory;
        previousLoadOptions = VeniceSimCli.ScenarioLoadOptions;
        WorkDirectory = Path.Combine(
            TestContext.CurrentContext.WorkDirectory,
            "cli-tests",
            TestContext.CurrentContext.Test.ID);
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }

        Directory.CreateDirectory(WorkDirectory);
        Directory.SetCurrentDirectory(WorkDirectory);
        Runner = new FakeScenarioRunner();
        VeniceSimCli.RunnerFactory = () => Runner;
    }

    [TearDown]
    public void LeaveWorkDirectory()
    {
        Directory.SetCurrentDirectory(previousDirectory);
        VeniceSimCli.RunnerFactory = previousFactory;
        VeniceSimCli.ScenarioLoadOptions = previousLoadOptions;
    }

    /// <summary>Writes a file relative to the test's working directory.</summary>
    protected static void WriteFile(string relativePath, string text)
    {
        var directory = Path.GetDirectoryName(relativePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(relativePath, text);
    }

    internal static CliInvocation Invoke(params string[] args)
    {
        var previousOut = Console.Out;
        var previousError = Console.Error;
        var output = new StringWriter();
        var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = VeniceSimCli.Run(args);
            return new CliInvocation(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}
