namespace CMesh.Docker.Engine;

/// <summary>Where the engine listens, parsed from a DOCKER_HOST value (unix:///path or tcp://host:port).</summary>
public sealed record DockerEndpoint
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    private DockerEndpoint(string display, string? socketPath)
    {
        Display = display;
        SocketPath = socketPath;
    }

    /// <summary>The endpoint in DOCKER_HOST form, for messages and for the Docker client.</summary>
    public string Display { get; }

    /// <summary>The unix socket path, or null for a TCP endpoint.</summary>
    public string? SocketPath { get; }

    public Uri Uri => new(Display);

    public static DockerEndpoint FromEnvironment() => Parse(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    /// <summary>Null or empty means the default socket; throws <see cref="ArgumentException"/> for anything else unsupported.</summary>
    public static DockerEndpoint Parse(string? dockerHost)
    {
        var host = string.IsNullOrWhiteSpace(dockerHost) ? DefaultHost : dockerHost.Trim();
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            if (!path.StartsWith('/'))
                throw Unsupported(host, "a unix socket needs an absolute path, as in unix:///var/run/docker.sock", nameof(dockerHost));
            return new DockerEndpoint($"unix://{path}", path);
        }
        if (host.StartsWith("tcp://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate("http://" + host["tcp://".Length..], UriKind.Absolute, out var uri)
                || uri.Host.Length == 0 || uri.AbsolutePath != "/")
                throw Unsupported(host, "expected tcp://host:port", nameof(dockerHost));
            var port = uri.IsDefaultPort ? 2375 : uri.Port;
            return new DockerEndpoint($"tcp://{uri.Host}:{port}", null);
        }
        throw Unsupported(host, "only unix:// and tcp:// endpoints are supported", nameof(dockerHost));
    }

    public override string ToString() => Display;

    private static ArgumentException Unsupported(string host, string why, string paramName) =>
        new($"unsupported DOCKER_HOST '{host}': {why}", paramName);
}
