using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerEndpointTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_absent_DOCKER_HOST_means_the_default_unix_socket(string? dockerHost)
    {
        var endpoint = DockerEndpoint.Parse(dockerHost);

        Assert.Equal("/var/run/docker.sock", endpoint.SocketPath);
        Assert.Equal("unix:///var/run/docker.sock", endpoint.Display);
        Assert.Equal(new Uri("unix:///var/run/docker.sock"), endpoint.Uri);
    }

    [Fact]
    public void A_unix_DOCKER_HOST_names_the_socket_path()
    {
        var endpoint = DockerEndpoint.Parse("unix:///run/user/1000/docker.sock");

        Assert.Equal("/run/user/1000/docker.sock", endpoint.SocketPath);
        Assert.Equal("unix:///run/user/1000/docker.sock", endpoint.Display);
    }

    [Fact]
    public void A_tcp_DOCKER_HOST_names_host_and_port()
    {
        var endpoint = DockerEndpoint.Parse("tcp://127.0.0.1:2375");

        Assert.Null(endpoint.SocketPath);
        Assert.Equal(new Uri("tcp://127.0.0.1:2375"), endpoint.Uri);
        Assert.Equal("tcp://127.0.0.1:2375", endpoint.Display);
    }

    [Fact]
    public void A_tcp_DOCKER_HOST_without_a_port_uses_the_engine_default_port()
    {
        Assert.Equal("tcp://localhost:2375", DockerEndpoint.Parse("tcp://localhost").Display);
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("ssh://user@host")]
    [InlineData("unix://relative.sock")]
    public void An_unsupported_DOCKER_HOST_is_rejected_with_a_clear_message(string dockerHost)
    {
        var error = Assert.Throws<ArgumentException>(() => DockerEndpoint.Parse(dockerHost));

        Assert.Contains($"unsupported DOCKER_HOST '{dockerHost}'", error.Message);
    }
}
