using System.Diagnostics;

namespace CMesh.EndToEnd.Tests;

/// <summary>What a finished command did.</summary>
public sealed record CommandResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>Runs the real ./cmesh and docker commands, as a user would, and looks at the repository's files.</summary>
public static class Shell
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static Task<CommandResult> CmeshAsync(params string[] arguments) => CmeshAsync(arguments, null, TimeSpan.FromMinutes(5));

    public static Task<CommandResult> CmeshAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout) =>
        RunAsync(Path.Combine(RepositoryRoot, "cmesh"), arguments, environment, timeout);

    /// <summary>Starts ./cmesh without waiting (to kill it mid-run).</summary>
    public static Process StartCmesh(params string[] arguments)
    {
        var info = Info(Path.Combine(RepositoryRoot, "cmesh"), arguments, null);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start cmesh");
    }

    /// <summary>Asks the docker command line (not CMesh's own client) for the ids matching a filter.</summary>
    public static async Task<IReadOnlyList<string>> DockerIdsAsync(string kind, string filter)
    {
        string[] arguments = kind == "container"
            ? ["ps", "-aq", "--filter", filter]
            : ["network", "ls", "-q", "--filter", filter];
        var result = await RunAsync("docker", arguments, null, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static async Task<string> DockerAsync(params string[] arguments)
    {
        var result = await RunAsync("docker", arguments, null, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Trim();
    }

    /// <summary>Runs a program to its end; a host tool that is missing fails the test naming its Debian package.</summary>
    public static async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        HostTools.Require(program);
        using var process = Process.Start(Info(program, arguments, environment)) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo Info(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CMesh.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("tests must run inside the CMesh repository");
    }
}
