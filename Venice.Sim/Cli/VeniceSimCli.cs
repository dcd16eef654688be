namespace Venice.Sim.Cli;

/// <summary>The venice-sim command line (DESIGN.md §8).</summary>
public static class VeniceSimCli
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("venice-sim: the command line is being built");
        return args.Length == 0 ? 2 : 70;
    }
}
