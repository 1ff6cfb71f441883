using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerEngineUnavailableTests
{
    [Fact]
    public async Task An_unreachable_unix_socket_is_reported_as_an_unavailable_engine_naming_the_endpoint()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"cmesh-no-engine-{Guid.NewGuid():N}.sock");
        using var client = new DockerEngineClient(DockerEndpoint.Parse($"unix://{socket}"));

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => client.System.VersionAsync(CancellationToken.None));

        Assert.Equal($"unix://{socket}", error.Endpoint);
        Assert.Contains($"unix://{socket}", error.Message);
    }
}
