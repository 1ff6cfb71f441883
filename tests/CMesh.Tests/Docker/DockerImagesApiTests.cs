using System.Text;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerImagesApiTests
{
    private static readonly ImageBuildRequest Request = new(
        "cmesh/peer:test",
        new Dictionary<string, string> { ["VERSION"] = "1" },
        new Dictionary<string, string> { ["cmesh.image"] = "peer" });

    [Fact]
    public async Task Build_posts_the_tar_context_and_reports_each_output_line()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(
            "{\"stream\":\"Step 1/2 : FROM scratch\\n\"}\r\n{\"stream\":\"\\n\"}\r\n{\"stream\":\" ---> Running\\nok\\n\"}\r\n{\"aux\":{\"ID\":\"sha256:1\"}}\r\n"));
        using var client = new DockerEngineClient(engine, "fake");
        var reported = new List<string>();

        await client.Images.BuildAsync(new MemoryStream(Encoding.UTF8.GetBytes("tar")), Request, new Collect(reported), CancellationToken.None);

        var build = Assert.Single(engine.Requests);
        Assert.Equal("/build", build.Path);
        Assert.Equal("application/x-tar", build.ContentType);
        Assert.Equal("tar", build.Body);
        Assert.Equal("cmesh/peer:test", build.Query["t"]);
        Assert.Equal("""{"VERSION":"1"}""", build.Query["buildargs"]);
        Assert.Equal("""{"cmesh.image":"peer"}""", build.Query["labels"]);
        Assert.Equal(["Step 1/2 : FROM scratch", "---> Running", "ok"], reported);
    }

    [Fact]
    public async Task A_build_error_line_throws_with_the_engines_message()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(
            "{\"stream\":\"Step 1/2 : FROM nothing\\n\"}\r\n" +
            "{\"errorDetail\":{\"message\":\"pull access denied for nothing\"},\"error\":\"pull access denied for nothing\"}\r\n"));
        using var client = new DockerEngineClient(engine, "fake");

        var error = await Assert.ThrowsAsync<DockerEngineException>(
            () => client.Images.BuildAsync(new MemoryStream(), Request, null, CancellationToken.None));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("pull access denied for nothing", error.Message);
    }

    [Theory]
    [InlineData("alpine", "alpine", "latest")]
    [InlineData("alpine:3.20", "alpine", "3.20")]
    [InlineData("localhost:5000/cmesh/peer", "localhost:5000/cmesh/peer", "latest")]
    [InlineData("localhost:5000/cmesh/peer:v2", "localhost:5000/cmesh/peer", "v2")]
    public async Task Pull_splits_the_reference_into_image_and_tag(string image, string fromImage, string tag)
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("{\"status\":\"Downloaded\"}\r\n"));
        using var client = new DockerEngineClient(engine, "fake");

        await client.Images.PullAsync(image, CancellationToken.None);

        Assert.Equal(fromImage, engine.Requests[0].Query["fromImage"]);
        Assert.Equal(tag, engine.Requests[0].Query["tag"]);
    }

    // Progress<T> reports on the thread pool; this collects synchronously so the test can assert right away.
    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
