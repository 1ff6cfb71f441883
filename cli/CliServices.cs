using CMesh.Cli.Output;
using CMesh.Cli.Settings;
using CMesh.Docker.Engine;
using Spectre.Console;

namespace CMesh.Cli;

/// <summary>
/// What every command needs: the settings, the Docker engine, a clock and the console it writes to. The engine is
/// opened on first use.
/// </summary>
public sealed class CliServices : IDisposable
{
    private readonly Lazy<CliSettings> _settings;
    private readonly Lazy<IDockerEngine> _engine;

    /// <param name="openEngine">Opens the engine on first use; by default the one DOCKER_HOST names.</param>
    public CliServices(Func<CliSettings> loadSettings, IAnsiConsole console, Say say, Func<IDockerEngine>? openEngine = null)
    {
        _settings = new Lazy<CliSettings>(loadSettings);
        _engine = new Lazy<IDockerEngine>(openEngine ?? DockerEngineClient.FromEnvironment);
        Console = console;
        Say = say;
    }

    public CliSettings Settings => _settings.Value;

    public IDockerEngine Engine => _engine.Value;

    public TimeProvider Clock { get; } = TimeProvider.System;

    /// <summary>Standard output: tables, progress, JSON.</summary>
    public IAnsiConsole Console { get; }

    public Say Say { get; }

    /// <summary>Checks that an engine answers, so the first failure is one clear line rather than a stack trace.</summary>
    public Task<EngineVersion> RequireEngineAsync(CancellationToken ct) => Engine.System.VersionAsync(ct);

    public void Dispose()
    {
        if (_engine is { IsValueCreated: true, Value: IDisposable engine })
        {
            engine.Dispose();
        }
    }
}
