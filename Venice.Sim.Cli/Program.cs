namespace Venice.Sim;

public static class Program
{
    public static int Main(string[] args) => Cli.VeniceSimCli.Run(args);
}
