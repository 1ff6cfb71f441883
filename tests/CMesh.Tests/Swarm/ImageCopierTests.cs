using System.Net;
using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Swarm;

public class ImageCopierTests
{
    private const string Image = "cmesh-base:bookworm";

    // The local engine: the image with id sha256:aaa, saved as a tar of known bytes.
    private static FakeEngineHandler Source() => new(request => request.Path switch
    {
        "/images/cmesh-base:bookworm/json" => FakeEngineHandler.Json("""{"Id":"sha256:aaa","RepoTags":["cmesh-base:bookworm"]}"""),
        "/images/get" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[4096]) },
        _ => FakeEngineHandler.Status(HttpStatusCode.NotFound),
    });

    // A node's engine: holds the image with idThere (null: none) until a load gives it loadedId.
    private static FakeEngineHandler Node(string? idThere, string loadedId = "sha256:aaa")
    {
        var id = idThere;
        return new FakeEngineHandler(request =>
        {
            if (request.Path == "/images/load")
            {
                id = loadedId;
                return FakeEngineHandler.Json("{\"stream\":\"Loaded image: cmesh-base:bookworm\\n\"}\r\n");
            }

            return id is null
                ? FakeEngineHandler.Json("""{"message":"No such image"}""", HttpStatusCode.NotFound)
                : FakeEngineHandler.Json($$"""{"Id":"{{id}}","RepoTags":["cmesh-base:bookworm"]}""");
        });
    }

    [Fact]
    public async Task A_node_without_the_image_gets_the_saved_tar_streamed_into_its_load()
    {
        var node = Node(idThere: null);
        using var local = FakeEngine.Client(Source());
        using var n2 = FakeEngine.Client(node);
        var reported = new List<ImageCopyProgress>();

        var result = Assert.Single(await new ImageCopier(local).CopyAsync(
            [Image], [new ImageCopyTarget("cmesh-n2", n2)], new SynchronousProgress<ImageCopyProgress>(reported.Add), CancellationToken.None));

        Assert.Equal(["cmesh-base:bookworm"], result.Copied);
        Assert.Empty(result.Skipped);
        Assert.Equal(4096L, result.Bytes);
        var load = Assert.Single(node.Requests, r => r.Path == "/images/load");
        Assert.Equal(4096, load.Body!.Length);
        Assert.Equal("loaded", reported[^1].Stage);
    }

    [Fact]
    public async Task A_node_that_holds_the_same_image_id_is_skipped()
    {
        var node = Node(idThere: "sha256:aaa");
        using var local = FakeEngine.Client(Source());
        using var n2 = FakeEngine.Client(node);

        var result = Assert.Single(await new ImageCopier(local).CopyAsync([Image], [new ImageCopyTarget("cmesh-n2", n2)], null, CancellationToken.None));

        Assert.Empty(result.Copied);
        Assert.Equal(["cmesh-base:bookworm"], result.Skipped);
        Assert.Equal(0L, result.Bytes);
        Assert.DoesNotContain(node.Requests, r => r.Path == "/images/load");
    }

    [Fact]
    public async Task A_node_whose_image_of_that_name_differs_gets_the_local_one()
    {
        var node = Node(idThere: "sha256:old");
        using var local = FakeEngine.Client(Source());
        using var n2 = FakeEngine.Client(node);

        var result = Assert.Single(await new ImageCopier(local).CopyAsync([Image], [new ImageCopyTarget("cmesh-n2", n2)], null, CancellationToken.None));

        Assert.Equal(["cmesh-base:bookworm"], result.Copied);
    }

    [Fact]
    public async Task An_image_that_does_not_arrive_with_the_same_id_fails_naming_the_node()
    {
        using var local = FakeEngine.Client(Source());
        using var n2 = FakeEngine.Client(Node(idThere: null, loadedId: "sha256:other"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ImageCopier(local).CopyAsync([Image], [new ImageCopyTarget("cmesh-n2", n2)], null, CancellationToken.None));

        Assert.Contains("cmesh-n2", error.Message);
    }

    [Fact]
    public async Task An_image_missing_locally_is_refused_before_any_node_is_touched()
    {
        var node = Node(idThere: null);
        using var local = FakeEngine.Client(Source());
        using var n2 = FakeEngine.Client(node);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ImageCopier(local).CopyAsync(["cmesh-peer:nothing"], [new ImageCopyTarget("cmesh-n2", n2)], null, CancellationToken.None));

        Assert.Contains("cmesh-peer:nothing", error.Message);
        Assert.Empty(node.Requests);
    }
}
