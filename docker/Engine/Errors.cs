namespace CMesh.Docker.Engine;

/// <summary>The engine answered with an error status.</summary>
public class DockerEngineException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>No engine answers at the configured endpoint; the message names the transport's own reason (refused, reset…).</summary>
public sealed class EngineUnavailableException(string endpoint, Exception inner)
    : Exception($"no Docker engine answers at {endpoint} ({Cause(inner)}): start one with ./docker/setup-host.sh (or `dockerd &`), or set DOCKER_HOST", inner)
{
    public string Endpoint { get; } = endpoint;

    private static string Cause(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error.Message.TrimEnd('.');
    }
}
