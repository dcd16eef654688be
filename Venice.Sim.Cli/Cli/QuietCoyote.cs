namespace Venice.Sim.Cli;

/// <summary>
/// Coyote's TestingEngine prints its own progress lines to the console even at verbosity None. The
/// verbs report for themselves (<see cref="CliOutput"/> holds the real writers), so those lines are
/// dropped while Coyote runs; otherwise `--json` would no longer end with the JSON line alone.
/// </summary>
internal static class QuietCoyote
{
    public static T Run<T>(Func<T> exploration)
    {
        var console = Console.Out;
        try
        {
            Console.SetOut(TextWriter.Null);
            return exploration();
        }
        finally
        {
            Console.SetOut(console);
        }
    }
}
