using Docker.DotNet;

namespace CMesh.Docker.Engine;

/// <summary>Builds Docker.DotNet clients for the configured endpoint.</summary>
internal static class DockerClients
{
    /// <summary>A client without a timeout (logs, events and builds stream for long; callers cancel); a null version sends unversioned paths, which the engine serves at its own API version.</summary>
    public static DockerClient Create(EngineSettings settings, Version? apiVersion)
    {
        var builder = new DockerClientBuilder()
            .WithEndpoint(settings.Endpoint.Uri)
            .WithApiVersion(apiVersion)
            .WithTimeout(Timeout.InfiniteTimeSpan);
        if (settings.Tls is { } tls && settings.Endpoint.SocketPath is null)
            builder = builder.WithAuthProvider(tls.Credentials());
        return builder.Build();
    }
}
