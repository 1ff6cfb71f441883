using System.Diagnostics;

namespace CMesh.Docker.Images;

/// <summary>Runs a host program (dotnet publish, debootstrap, tar) and fails with its own words when it fails.</summary>
public static class ExternalCommand
{
    public static async Task RunAsync(string program, IReadOnlyList<string> arguments, IProgress<string>? output, CancellationToken ct)
    {
        using var process = Start(program, arguments);
        var tail = new Queue<string>();
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 20)
                {
                    tail.Dequeue();
                }
            }

            output?.Report(line);
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitAsync(process, ct);
        if (process.ExitCode != 0)
        {
            throw new ExternalCommandException(program, process.ExitCode, string.Join(Environment.NewLine, tail));
        }
    }

    /// <summary>Starts a program whose standard output the caller reads as a stream (e.g. tar writing an archive).</summary>
    public static Process StartStreaming(string program, IReadOnlyList<string> arguments)
    {
        var process = Start(program, arguments);
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitAsync(Process process, CancellationToken ct)
    {
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    public static bool IsInstalled(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, program)));

    private static Process Start(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new ExternalCommandException(program, -1, "could not start");
    }
}

public sealed class ExternalCommandException(string program, int exitCode, string output)
    : Exception($"{program} failed with exit code {exitCode}:{Environment.NewLine}{output}")
{
    public string Program { get; } = program;
}
