using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class EngineConnectionTests
{
    private const string Version = """{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0"}""";

    [Fact]
    public async Task The_API_version_is_read_from_the_engine_first_and_used_for_every_request_after()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(Version));
        using var client = new DockerEngineClient(FakeEngine.Connection(engine, fixedApiVersion: null));

        var version = await client.System.VersionAsync(CancellationToken.None);
        await client.System.VersionAsync(CancellationToken.None);

        Assert.Equal(("20.10.24", "1.41", "6.1.0"), (version.Version, version.ApiVersion, version.KernelVersion));
        Assert.Equal([(null, "/version"), ("1.41", "/version"), ("1.41", "/version")], engine.Requests.Select(r => (r.ApiVersion, r.Path)));
    }

    [Fact]
    public async Task A_fixed_API_version_is_used_without_asking_the_engine()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(Version));
        using var client = new DockerEngineClient(FakeEngine.Connection(engine, new Version(1, 40)));

        await client.System.VersionAsync(CancellationToken.None);

        Assert.Equal([("1.40", "/version")], engine.Requests.Select(r => (r.ApiVersion, r.Path)));
    }
}
