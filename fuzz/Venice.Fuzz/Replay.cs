namespace Venice.Fuzz;

/// <summary>
/// Runs a target once over each corpus file without a fuzzer or instrumentation: to check the seed
/// corpus, to reproduce a crash file a fuzzer saved, and where no fuzzer is installed.
/// </summary>
internal static class Replay
{
    public static int Run(string name, FuzzTarget target, IEnumerable<string> paths)
    {
        int passed = 0;
        int failed = 0;
        foreach (string file in paths.SelectMany(Files).Order(StringComparer.Ordinal))
        {
            try
            {
                target(File.ReadAllBytes(file));
                passed++;
            }
            catch (Exception exception)
            {
                // Every input is run, so one replay reports every crashing file, not just the first.
                failed++;
                Console.Error.WriteLine($"{file}: {exception.GetType().Name}: {exception.Message}");
                Console.Error.WriteLine(exception.StackTrace);
            }
        }
        Console.WriteLine($"{name}: {passed} passed, {failed} failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private static IEnumerable<string> Files(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path];
}
