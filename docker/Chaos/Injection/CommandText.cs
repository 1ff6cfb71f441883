
namespace CMesh.Docker.Chaos.Injection;

/// <summary>A command as one readable line, for --dry-run and errors.</summary>
internal static class CommandText
{
    public static string Of(IReadOnlyList<string> command) =>
        string.Join(' ', command.Select(a => a.Contains('\n') ? $"'{a.ReplaceLineEndings("; ")}'" : a));
}
