using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>
/// One-line messages: errors and warnings on standard error (never wrapped; several errors, one line each), the rest
/// on standard output.
/// </summary>
public static class Say
{
    public static void Error(string message) => ToStandardError(message, "\e[31m");

    public static void Warning(string message) => ToStandardError(message, "\e[33m");

    public static void Info(string message) => AnsiConsole.MarkupLine(Markup.Escape(message));

    private static void ToStandardError(string message, string colour)
    {
        foreach (var line in message.Split('\n'))
        {
            Console.Error.WriteLine(Console.IsErrorRedirected ? $"cmesh: {line}" : $"{colour}cmesh: {line}\e[0m");
        }
    }
}
