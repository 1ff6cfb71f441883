using System.Diagnostics;

namespace CMesh.Report.Plots;

/// <summary>The gnuplot found on PATH and the PNG terminal it has: pngcairo (anti-aliased), else libgd's png.</summary>
public sealed class Gnuplot
{
    public const string InstallHint = "gnuplot is not installed, so no plots were drawn: install it with `sudo apt-get install gnuplot-nox` (or run docker/setup-host.sh)";

    private readonly string _path;

    private Gnuplot(string path, string terminal)
    {
        _path = path;
        Terminal = terminal;
    }

    public string Terminal { get; }

    /// <summary>Null when no gnuplot is on PATH.</summary>
    public static async Task<Gnuplot?> FindAsync(CancellationToken ct)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "gnuplot"))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }

        var probe = new Gnuplot(path, "png");
        var hasCairo = (await probe.RunAsync("set terminal pngcairo\n", Path.GetTempPath(), ct)).ExitCode == 0;
        return hasCairo ? new Gnuplot(path, "pngcairo") : probe;
    }

    /// <summary>Runs a script; gnuplot's own message when it fails.</summary>
    public async Task RenderAsync(string script, string workingDirectory, CancellationToken ct)
    {
        var (exitCode, errors) = await RunAsync(script, workingDirectory, ct);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"gnuplot failed: {errors.Trim()}");
        }
    }

    private async Task<(int ExitCode, string Errors)> RunAsync(string script, string workingDirectory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_path)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("gnuplot did not start");
        var errors = process.StandardError.ReadToEndAsync(ct);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        await process.StandardInput.WriteAsync(script.AsMemory(), ct);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        await output;
        return (process.ExitCode, await errors);
    }
}
