using System.Net;
using System.Net.Sockets;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerEngineUnavailableTests
{
    [Fact]
    public async Task An_unreachable_unix_socket_is_reported_as_an_unavailable_engine_naming_the_endpoint()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"cmesh-no-engine-{Guid.NewGuid():N}.sock");

        await AssertUnavailable($"unix://{socket}");
    }

    [Fact]
    public async Task A_refused_tcp_port_is_reported_as_an_unavailable_engine_naming_the_endpoint()
    {
        await AssertUnavailable($"tcp://127.0.0.1:{ClosedLoopbackPort()}");
    }

    // A port the kernel just handed out and that nothing listens on any more.
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task AssertUnavailable(string dockerHost)
    {
        using var client = new DockerEngineClient(new EngineSettings(DockerEndpoint.Parse(dockerHost)));

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => client.System.VersionAsync(CancellationToken.None));

        Assert.Equal(dockerHost, error.Endpoint);
        Assert.Contains($"no Docker engine answers at {dockerHost}", error.Message);
    }
}
