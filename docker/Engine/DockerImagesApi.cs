namespace CMesh.Docker.Engine;

internal sealed class DockerImagesApi(DockerTransport transport) : IDockerImages
{
    public async Task<ImageInfo?> InspectAsync(string nameOrId, CancellationToken ct) =>
        await transport.GetJsonOrNullAsync<ImageInspectDto>($"/images/{ApiPath.Segment(nameOrId)}/json", ct) is { } i
            ? new ImageInfo(i.Id, i.RepoTags ?? [], i.Created, i.Size, i.Config?.Labels ?? [])
            : null;

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var path = ApiPath.Of("/images/json", ("filters", ApiPath.LabelFilter(labels)));
        var images = await transport.GetJsonAsync<List<ImageSummaryDto>>(path, ct);
        return images.Select(i => new ImageSummary(i.Id, i.RepoTags ?? [], i.Size, i.Labels ?? [])).ToList();
    }

    public Task BuildAsync(Stream tarContext, ImageBuildRequest request, IProgress<string>? progress, CancellationToken ct)
    {
        var path = ApiPath.Of(
            "/build",
            ("t", request.Tag),
            ("dockerfile", request.Dockerfile),
            ("buildargs", ApiPath.Json(request.BuildArgs)),
            ("labels", ApiPath.Json(request.Labels)),
            ("rm", "1"),
            ("forcerm", "1"));
        return FollowProgressAsync(path, TarBody(tarContext), progress, ct);
    }

    public Task ImportAsync(Stream rootFsTar, string repository, string tag, CancellationToken ct) =>
        FollowProgressAsync(
            ApiPath.Of("/images/create", ("fromSrc", "-"), ("repo", repository), ("tag", tag)),
            TarBody(rootFsTar),
            null,
            ct);

    public Task PullAsync(string image, CancellationToken ct)
    {
        var (name, tag) = SplitTag(image);
        return FollowProgressAsync(ApiPath.Of("/images/create", ("fromImage", name), ("tag", tag)), null, null, ct);
    }

    public Task RemoveAsync(string nameOrId, bool force, CancellationToken ct) =>
        transport.SendAsync(
            HttpMethod.Delete, ApiPath.Of($"/images/{ApiPath.Segment(nameOrId)}", ("force", ApiPath.Flag(force))), ct);

    /// <summary>"repo:tag" → (repo, tag), keeping a registry port ("host:5000/repo") in the name; a digest reference has no tag.</summary>
    internal static (string Name, string? Tag) SplitTag(string image)
    {
        if (image.Contains('@'))
            return (image, null);
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static StreamContent TarBody(Stream tar)
    {
        var content = new StreamContent(tar);
        content.Headers.ContentType = new("application/x-tar");
        return content;
    }

    // Build, import and pull answer 200 at once and report failure later, as an "error" line in the stream.
    private async Task FollowProgressAsync(string path, HttpContent? body, IProgress<string>? progress, CancellationToken ct)
    {
        await foreach (var message in transport.JsonLinesAsync<JsonMessageDto>(HttpMethod.Post, path, body, ct))
        {
            if (message.Error is not null)
                throw new DockerEngineException(500, message.Error);
            foreach (var line in (message.Stream ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                progress?.Report(line);
        }
    }
}
