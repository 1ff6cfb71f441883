using System.CommandLine;
using CMesh.Cli;
using CMesh.Cli.Output;
using CMesh.Cli.Settings;
using CMesh.Docker.Engine;
using Spectre.Console;

namespace CMesh.Tests.Cli;

/// <summary>
/// Runs cmesh commands in-process on a home folder, as `./cmesh … > file` would: plain text, 160 columns, standard
/// output and standard error each captured for the test to read.
/// </summary>
internal sealed class CliRun : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    /// <param name="engine">The engine the commands see; without one, the engine DOCKER_HOST names.</param>
    public CliRun(string home, IDockerEngine? engine = null)
    {
        var console = PlainOutput.Plain(new AnsiConsoleOutput(_output));
        Services = new CliServices(() => CliSettings.Load(home), console, new Say(console, _errors, colourErrors: false), engine is null ? null : () => engine);
    }

    public CliServices Services { get; }

    public string Output => _output.ToString();

    public string Errors => _errors.ToString();

    public async Task<int> InvokeAsync(Func<CliServices, Command> command, params string[] args)
    {
        var root = new RootCommand { command(Services) };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = TextWriter.Null });
    }

    public void Dispose() => Services.Dispose();
}
