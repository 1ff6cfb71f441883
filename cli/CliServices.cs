using CMesh.Cli.Settings;
using CMesh.Docker.Engine;

namespace CMesh.Cli;

/// <summary>What every command needs: the settings, the Docker engine and a clock. The engine is opened on first use.</summary>
public sealed class CliServices : IDisposable
{
    private readonly Lazy<CliSettings> _settings;
    private readonly Lazy<DockerEngineClient> _engine = new(DockerEngineClient.FromEnvironment);

    public CliServices(Func<CliSettings> loadSettings) => _settings = new Lazy<CliSettings>(loadSettings);

    public CliSettings Settings => _settings.Value;

    public IDockerEngine Engine => _engine.Value;

    public TimeProvider Clock { get; } = TimeProvider.System;

    /// <summary>Checks that an engine answers, so the first failure is one clear line rather than a stack trace.</summary>
    public Task<EngineVersion> RequireEngineAsync(CancellationToken ct) => Engine.System.VersionAsync(ct);

    public void Dispose()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value.Dispose();
        }
    }
}
