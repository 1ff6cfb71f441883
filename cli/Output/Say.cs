using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>
/// One-line messages: errors and warnings on standard error (never wrapped; several errors, one line each), the rest
/// through the command's console on standard output.
/// </summary>
/// <param name="colourErrors">False when standard error goes to a file or a pipe: then plain "cmesh: " lines.</param>
public sealed class Say(IAnsiConsole output, TextWriter error, bool colourErrors)
{
    public void Error(string message) => ToStandardError(message, "\e[31m");

    public void Warning(string message) => ToStandardError(message, "\e[33m");

    public void Info(string message) => output.MarkupLine(Markup.Escape(message));

    /// <summary>Text as it is, neither wrapped nor read as markup: JSON for scripts, container log lines.</summary>
    public void Raw(string text) => output.Profile.Out.Writer.WriteLine(text);

    private void ToStandardError(string message, string colour)
    {
        foreach (var line in message.Split('\n'))
        {
            error.WriteLine(colourErrors ? $"{colour}cmesh: {line}\e[0m" : $"cmesh: {line}");
        }
    }
}
