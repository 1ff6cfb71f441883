using Docker.DotNet;

namespace CMesh.Docker.Engine;

/// <summary>
/// The Docker client, opened on first use at the API version the engine reports on /version (or a fixed one):
/// Docker.DotNet asks for a newer API than older engines, such as Debian's 20.10 (API 1.41), serve.
/// Every call's failures come out as <see cref="EngineUnavailableException"/> or <see cref="DockerEngineException"/>.
/// </summary>
internal sealed class EngineConnection(string endpoint, Version? fixedApiVersion, Func<Version?, DockerClient> openClient) : IDisposable
{
    private readonly SemaphoreSlim _opening = new(1, 1);
    private DockerClient? _client;

    public EngineConnection(EngineSettings settings)
        : this(settings.Endpoint.Display, settings.ApiVersion, version => DockerClients.Create(settings, version))
    {
    }

    public async Task<T> CallAsync<T>(Func<DockerClient, Task<T>> call, CancellationToken ct)
    {
        var client = await ClientAsync(ct);
        return await TranslatedAsync(() => call(client));
    }

    public Task CallAsync(Func<DockerClient, Task> call, CancellationToken ct) =>
        CallAsync(async client =>
        {
            await call(client);
            return true;
        }, ct);

    /// <summary>Null when the engine answers 404 (no such container, image or network).</summary>
    public async Task<T?> FindAsync<T>(Func<DockerClient, Task<T>> call, CancellationToken ct) where T : class
    {
        try
        {
            return await CallAsync(call, ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _opening.Dispose();
    }

    private async Task<DockerClient> ClientAsync(CancellationToken ct)
    {
        if (_client is { } open)
            return open;
        await _opening.WaitAsync(ct);
        try
        {
            return _client ??= openClient(fixedApiVersion ?? await EngineApiVersionAsync(ct));
        }
        finally
        {
            _opening.Release();
        }
    }

    private async Task<Version> EngineApiVersionAsync(CancellationToken ct)
    {
        using var unversioned = openClient(null);
        var version = await TranslatedAsync(() => unversioned.System.GetVersionAsync(ct));
        return Version.TryParse(version.APIVersion, out var api)
            ? api
            : throw new DockerEngineException(500, $"the engine at {endpoint} reported an unreadable API version '{version.APIVersion}'");
    }

    private async Task<T> TranslatedAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (EngineFailure.Translate(e, endpoint) is { } translated)
        {
            throw translated;
        }
    }
}
