namespace CMesh.Docker.Engine;

/// <summary>The engine answered with an error status.</summary>
public class DockerEngineException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>No engine answers at the configured endpoint.</summary>
public sealed class EngineUnavailableException(string endpoint, Exception inner)
    : Exception($"no Docker engine answers at {endpoint}: start one with ./docker/setup-host.sh (or `dockerd &`), or set DOCKER_HOST", inner)
{
    public string Endpoint { get; } = endpoint;
}
