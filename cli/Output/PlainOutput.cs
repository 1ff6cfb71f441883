using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>
/// The console the commands write to. Output piped into a file or a script is plain text: no colour or cursor codes,
/// progress as lines, and lines as long as they need (up to 160 columns) rather than wrapped at a terminal's 80.
/// </summary>
public static class PlainOutput
{
    private const int Width = 160;

    public static IAnsiConsole ForStandardOutput() =>
        Console.IsOutputRedirected ? Plain(new AnsiConsoleOutput(Console.Out)) : AnsiConsole.Create(new AnsiConsoleSettings());

    /// <summary>A console that writes plain text to <paramref name="output"/>, as for a file: what the tests read.</summary>
    public static IAnsiConsole Plain(IAnsiConsoleOutput output)
    {
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = output,
        });
        plain.Profile.Width = Width;
        return plain;
    }
}
