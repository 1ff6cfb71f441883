using CMesh.Docker.Swarm;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Swarm;

public sealed class RegistryPublisherTests
{
    [Fact]
    public async Task Each_image_is_tagged_with_the_registry_in_front_and_pushed_in_order()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("{\"status\":\"pushed\"}\r\n"));
        using var client = FakeEngine.Client(engine);

        var pushed = await new RegistryPublisher(client, new ImageRegistry("10.213.0.1:5000/", null)).PushAsync(["cmesh-peer:p1", "cmesh-base:bookworm-b1"], CancellationToken.None);

        Assert.Equal(["10.213.0.1:5000/cmesh-peer:p1", "10.213.0.1:5000/cmesh-base:bookworm-b1"], pushed);
        Assert.Equal(
            [
                ("/images/cmesh-peer:p1/tag", "10.213.0.1:5000/cmesh-peer", "p1"),
                ("/images/10.213.0.1:5000/cmesh-peer/push", null, "p1"),
                ("/images/cmesh-base:bookworm-b1/tag", "10.213.0.1:5000/cmesh-base", "bookworm-b1"),
                ("/images/10.213.0.1:5000/cmesh-base/push", null, "bookworm-b1"),
            ],
            engine.Requests.Select(r => (r.Path, r.Query.GetValueOrDefault("repo"), r.Query["tag"])));
    }

    [Fact]
    public async Task A_refused_push_names_the_registry_and_the_image()
    {
        var engine = new FakeEngineHandler(r => r.Path.EndsWith("/push", StringComparison.Ordinal)
            ? FakeEngineHandler.Json("{\"errorDetail\":{\"message\":\"no route to host\"},\"error\":\"no route to host\"}\r\n")
            : FakeEngineHandler.Json(""));
        using var client = FakeEngine.Client(engine);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new RegistryPublisher(client, new ImageRegistry("reg:5000", null)).PushAsync(["cmesh-peer:p1"], CancellationToken.None));

        Assert.Equal("CMESH_REGISTRY=reg:5000: pushing cmesh-peer:p1 failed (no login for it: `docker login reg:5000`): no route to host", error.Message);
    }
}
