using System.Text;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerImagesTests
{
    private static readonly ImageBuildRequest Request = new(
        "cmesh/peer:test",
        new Dictionary<string, string> { ["VERSION"] = "1" },
        new Dictionary<string, string> { ["cmesh.image"] = "peer" });

    [Fact]
    public async Task Build_sends_the_tar_context_and_reports_each_output_line()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(
            "{\"stream\":\"Step 1/2 : FROM scratch\\n\"}\r\n{\"stream\":\"\\n\"}\r\n{\"stream\":\" ---> Running\\nok\\n\"}\r\n{\"aux\":{\"ID\":\"sha256:1\"}}\r\n"));
        using var client = FakeEngine.Client(engine);
        var reported = new List<string>();

        await client.Images.BuildAsync(
            new MemoryStream(Encoding.UTF8.GetBytes("tar")), Request, new SynchronousProgress<string>(reported.Add), CancellationToken.None);

        var build = Assert.Single(engine.Requests);
        Assert.Equal(("/build", "application/x-tar", "tar"), (build.Path, build.ContentType, build.Body));
        Assert.Equal("cmesh/peer:test", build.Query["t"]);
        Assert.Equal(["Step 1/2 : FROM scratch", "---> Running", "ok"], reported);
    }

    [Fact]
    public async Task A_build_asks_for_the_Dockerfile_stage_it_names()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("{\"aux\":{\"ID\":\"sha256:1\"}}\r\n"));
        using var client = FakeEngine.Client(engine);

        await client.Images.BuildAsync(new MemoryStream(), Request with { Target = "aot" }, null, CancellationToken.None);

        Assert.Equal("aot", Assert.Single(engine.Requests).Query["target"]);
    }

    [Fact]
    public async Task A_build_error_line_throws_with_the_engines_message()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(
            "{\"stream\":\"Step 1/2 : FROM nothing\\n\"}\r\n" +
            "{\"errorDetail\":{\"message\":\"pull access denied for nothing\"},\"error\":\"pull access denied for nothing\"}\r\n"));
        using var client = FakeEngine.Client(engine);

        var error = await Assert.ThrowsAsync<DockerEngineException>(
            () => client.Images.BuildAsync(new MemoryStream(), Request, null, CancellationToken.None));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("pull access denied for nothing", error.Message);
    }

    [Fact]
    public async Task Import_sends_the_root_filesystem_tar_as_the_source_of_the_named_image()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("{\"status\":\"sha256:1\"}\r\n"));
        using var client = FakeEngine.Client(engine);

        await client.Images.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes("rootfs")), "cmesh-base", "bookworm", CancellationToken.None);

        var import = Assert.Single(engine.Requests);
        Assert.Equal(("/images/create", "rootfs"), (import.Path, import.Body));
        Assert.Equal(("-", "cmesh-base", "bookworm"), (import.Query["fromSrc"], import.Query["repo"], import.Query["tag"]));
    }

    [Fact]
    public async Task Save_streams_the_named_images_as_one_tar()
    {
        var engine = new FakeEngineHandler(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("image-tar") });
        using var client = FakeEngine.Client(engine);

        await using var tar = await client.Images.SaveAsync(["cmesh-base:bookworm"], CancellationToken.None);

        Assert.Equal("image-tar", await new StreamReader(tar).ReadToEndAsync());
        Assert.Equal(("/images/get", "cmesh-base:bookworm"), (engine.Requests[0].Path, engine.Requests[0].Query["names"]));
    }

    [Fact]
    public async Task Load_sends_the_tar_and_throws_with_the_engines_error()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\r\n"));
        using var client = FakeEngine.Client(engine);

        var error = await Assert.ThrowsAsync<DockerEngineException>(
            () => client.Images.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes("image-tar")), null, CancellationToken.None));

        Assert.Equal("unexpected EOF", error.Message);
        var load = Assert.Single(engine.Requests);
        Assert.Equal((HttpMethod.Post, "/images/load", "application/x-tar", "image-tar"), (load.Method, load.Path, load.ContentType, load.Body));
    }

    // Without a tag the engine would pull every tag of the repository.
    [Theory]
    [InlineData("alpine", "alpine", "latest")]
    [InlineData("alpine:3.20", "alpine", "3.20")]
    [InlineData("localhost:5000/cmesh/peer", "localhost:5000/cmesh/peer", "latest")]
    [InlineData("localhost:5000/cmesh/peer:v2", "localhost:5000/cmesh/peer", "v2")]
    public async Task Pull_splits_the_reference_into_image_and_tag(string image, string fromImage, string tag)
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("{\"status\":\"Downloaded\"}\r\n"));
        using var client = FakeEngine.Client(engine);

        await client.Images.PullAsync(image, login: null, CancellationToken.None);

        Assert.Equal((fromImage, tag), (engine.Requests[0].Query["fromImage"], engine.Requests[0].Query["tag"]));
    }

    [Fact]
    public async Task Push_names_the_repository_and_tag_and_throws_with_the_registrys_refusal()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(
            "{\"status\":\"The push refers to repository [10.213.0.1:5000/cmesh-peer]\"}\r\n" +
            "{\"errorDetail\":{\"message\":\"connection refused\"},\"error\":\"connection refused\"}\r\n"));
        using var client = FakeEngine.Client(engine);

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => client.Images.PushAsync("10.213.0.1:5000/cmesh-peer:abc", login: null, CancellationToken.None));

        var push = Assert.Single(engine.Requests);
        Assert.Equal((HttpMethod.Post, "/images/10.213.0.1:5000/cmesh-peer/push", "abc"), (push.Method, push.Path, push.Query["tag"]));
        Assert.Equal("connection refused", error.Message);
    }

    [Fact]
    public async Task A_pull_and_a_push_with_a_login_carry_it_in_the_registry_auth_header()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("{\"status\":\"done\"}\r\n"));
        using var client = FakeEngine.Client(engine);
        var login = new RegistryLogin("10.213.0.1:5043", "tester", "s3cret");

        await client.Images.PullAsync("10.213.0.1:5043/cmesh-base:b1", login, CancellationToken.None);
        await client.Images.PushAsync("10.213.0.1:5043/cmesh-peer:p1", login, CancellationToken.None);

        Assert.All(engine.Requests, r => Assert.Equal(
            ("10.213.0.1:5043", "tester", "s3cret"),
            (r.RegistryAuth!.Value.GetProperty("serveraddress").GetString(), r.RegistryAuth.Value.GetProperty("username").GetString(), r.RegistryAuth.Value.GetProperty("password").GetString())));
        Assert.DoesNotContain("s3cret", login.ToString());
    }
}
