using System.Diagnostics;

namespace CMesh.Tests.Introspection;

/// <summary>Runs `promtool check metrics` (Debian package prometheus) over an exposition text.</summary>
internal static class Promtool
{
    public static string? Path { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(directory => System.IO.Path.Combine(directory, "promtool"))
        .FirstOrDefault(File.Exists);

    /// <summary>promtool's complaints (lint problems included); empty when the text passes.</summary>
    public static async Task<string> CheckAsync(string exposition)
    {
        using var process = Process.Start(new ProcessStartInfo(Path!, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && output.Trim().Length == 0 ? "" : $"exit {process.ExitCode}: {output}";
    }
}

/// <summary>A test that needs promtool; without it the test is reported as skipped, with the reason.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null)
        {
            Skip = "promtool is not installed (Debian package prometheus; docker/setup-host.sh installs it)";
        }
    }
}
