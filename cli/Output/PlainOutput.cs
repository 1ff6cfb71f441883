using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>
/// Output piped into a file or a script is plain text: no colour or cursor codes, progress as lines, and lines as
/// long as they need (up to 160 columns) rather than wrapped at a terminal's 80.
/// </summary>
public static class PlainOutput
{
    private const int Width = 160;

    public static void WhenRedirected()
    {
        if (!Console.IsOutputRedirected)
        {
            return;
        }

        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        plain.Profile.Width = Width;
        AnsiConsole.Console = plain;
    }
}
