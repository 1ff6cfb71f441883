using System.Net.Sockets;

namespace CMesh.Docker.Engine;

/// <summary>Where the engine listens, parsed from a DOCKER_HOST value (unix:///path or tcp://host:port).</summary>
public sealed record DockerEndpoint
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    private DockerEndpoint(string display, Uri baseAddress, string? socketPath)
    {
        Display = display;
        BaseAddress = baseAddress;
        SocketPath = socketPath;
    }

    /// <summary>The endpoint in DOCKER_HOST form, for messages.</summary>
    public string Display { get; }

    /// <summary>The HTTP base address requests are made against (http://docker/ for a unix socket).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The unix socket path, or null for a TCP endpoint.</summary>
    public string? SocketPath { get; }

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
            return new DockerEndpoint($"unix://{path}", new Uri("http://docker/"), path);
        }
        if (host.StartsWith("tcp://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate("http://" + host["tcp://".Length..], UriKind.Absolute, out var uri)
                || uri.Host.Length == 0 || uri.AbsolutePath != "/")
                throw Unsupported(host, "expected tcp://host:port", nameof(dockerHost));
            var port = uri.IsDefaultPort ? 2375 : uri.Port;
            return new DockerEndpoint($"tcp://{uri.Host}:{port}", new Uri($"http://{uri.Host}:{port}/"), null);
        }
        throw Unsupported(host, "only unix:// and tcp:// endpoints are supported", nameof(dockerHost));
    }

    /// <summary>A client for this endpoint without a timeout: logs and events stream indefinitely, so callers cancel.</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler();
        if (SocketPath is { } path)
            handler.ConnectCallback = (_, ct) => ConnectUnixAsync(path, ct);
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public override string ToString() => Display;

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static ArgumentException Unsupported(string host, string why, string paramName) =>
        new($"unsupported DOCKER_HOST '{host}': {why}", paramName);
}
