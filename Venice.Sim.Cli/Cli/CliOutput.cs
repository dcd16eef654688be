using Spectre.Console;

namespace Venice.Sim.Cli;

/// <summary>
/// Where a command writes. Captured once per invocation from <see cref="Console.Out"/> and
/// <see cref="Console.Error"/>, so callers (and tests) can redirect them.
/// </summary>
internal sealed class CliOutput
{
    public CliOutput(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
        IsPlain = Console.IsOutputRedirected ||
                  Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        Ansi = CreateConsole(output, IsPlain);
    }

    /// <summary>True when stdout is a pipe or file (or NO_COLOR is set): ASCII only, no colour codes.</summary>
    public bool IsPlain { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>
    /// The command that reproduces what is running, once a verb knows it (e.g. `run X --seed 7`);
    /// an internal error prints it. Null until then: the report falls back to the command line.
    /// </summary>
    public string? ReproduceCommand { get; set; }

    /// <summary>Spectre console over <see cref="Out"/>, for tables.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Writes one line with '\n', whatever the platform, so output is byte-stable.</summary>
    public void Line(string text = "") => Out.Write(text + "\n");

    public void ErrorLine(string text) => Error.Write(text + "\n");

    /// <summary>
    /// The last line of a human summary, <c>PASSED ...</c> or <c>FAILED ...</c>: bold green or red on a
    /// terminal, plain text on a pipe or a file (or with NO_COLOR), so logs and diffs stay clean.
    /// </summary>
    public void Verdict(bool passed, string text)
    {
        if (IsPlain)
        {
            Line(text);
            return;
        }

        Ansi.MarkupLine($"[bold {(passed ? "green" : "red")}]{Markup.Escape(text)}[/]");
    }

    /// <summary>A table that reads well on a terminal and in a log file alike.</summary>
    public Table NewTable(string title, params string[] columns)
    {
        var table = new Table
        {
            Title = new TableTitle(Markup.Escape(title)),
            Border = IsPlain ? TableBorder.Ascii : TableBorder.Rounded,
        };
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }

        return table;
    }

    private static IAnsiConsole CreateConsole(TextWriter output, bool redirected)
    {
        // When stdout is a pipe or file, plain ASCII tables without colour codes read best
        // and diff cleanly; a terminal gets colours and Unicode borders.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (redirected)
        {
            console.Profile.Width = 160;
            console.Profile.Capabilities.Unicode = false;
        }

        return console;
    }
}
