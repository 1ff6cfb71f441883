using Docker.DotNet;
using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

internal sealed class DockerImages(EngineConnection engine) : IDockerImages
{
    public async Task<ImageInfo?> InspectAsync(string nameOrId, CancellationToken ct) =>
        await engine.FindAsync(d => d.Images.InspectImageAsync(nameOrId, ct), ct) is { } i
            ? new ImageInfo(i.ID, i.RepoTags?.ToList() ?? [], i.Created ?? default, i.Size, EngineLabels.Of(i.Config?.Labels))
            : null;

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var images = await engine.CallAsync(d => d.Images.ListImagesAsync(new ImagesListParameters { Filters = LabelFilter.Of(labels) }, ct), ct);
        return images.Select(i => new ImageSummary(i.ID, i.RepoTags?.ToList() ?? [], i.Size, EngineLabels.Of(i.Labels))).ToList();
    }

    public Task BuildAsync(Stream tarContext, ImageBuildRequest request, IProgress<string>? progress, CancellationToken ct)
    {
        var parameters = new ImageBuildParameters
        {
            Tags = [request.Tag],
            Dockerfile = request.Dockerfile,
            Target = request.Target,
            BuildArgs = request.BuildArgs.ToDictionary(),
            Labels = request.Labels.ToDictionary(),
            Remove = true,
            ForceRemove = true,
        };
        return FollowAsync(
            (d, messages) => d.Images.BuildImageFromDockerfileAsync(parameters, tarContext, null, null, messages, ct), progress, ct);
    }

    public Task ImportAsync(Stream rootFsTar, string repository, string tag, CancellationToken ct) =>
        FollowAsync(
            (d, messages) => d.Images.CreateImageAsync(new ImagesCreateParameters { Repo = repository, Tag = tag }, rootFsTar, null, messages, ct),
            null,
            ct);

    public Task PullAsync(string image, RegistryLogin? login, CancellationToken ct)
    {
        // Without a tag the engine would pull every tag of the repository.
        var (name, tag) = SplitTag(image);
        return FollowAsync(
            (d, messages) => d.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, AuthOf(login), messages, ct), null, ct);
    }

    public Task PushAsync(string image, RegistryLogin? login, CancellationToken ct)
    {
        var (name, tag) = SplitTag(image);
        return FollowAsync(
            (d, messages) => d.Images.PushImageAsync(name, new ImagePushParameters { Tag = tag }, AuthOf(login) ?? new AuthConfig(), messages, ct), null, ct);
    }

    internal static AuthConfig? AuthOf(RegistryLogin? login) =>
        login is null ? null : new AuthConfig { ServerAddress = login.ServerAddress, Username = login.Username, Password = login.Password };

    public Task RemoveAsync(string nameOrId, bool force, CancellationToken ct) =>
        engine.CallAsync(d => d.Images.DeleteImageAsync(nameOrId, new ImageDeleteParameters { Force = force }, ct), ct);

    public Task TagAsync(string nameOrId, string repository, string tag, CancellationToken ct) =>
        engine.CallAsync(d => d.Images.TagImageAsync(nameOrId, new ImageTagParameters { RepositoryName = repository, Tag = tag }, ct), ct);

    public Task<Stream> SaveAsync(IReadOnlyList<string> namesOrIds, CancellationToken ct) =>
        namesOrIds.Count == 0
            ? throw new ArgumentException("name at least one image to save", nameof(namesOrIds))
            : engine.CallAsync(d => d.Images.SaveImagesAsync([.. namesOrIds], ct), ct);

    public Task LoadAsync(Stream imageTar, IProgress<string>? progress, CancellationToken ct) =>
        FollowAsync((d, messages) => d.Images.LoadImageAsync(new ImageLoadParameters { Quiet = false }, imageTar, messages, ct), progress, ct);

    /// <summary>"repo:tag" → (repo, tag), keeping a registry port ("host:5000/repo") in the name; a digest reference has no tag.</summary>
    internal static (string Name, string? Tag) SplitTag(string image)
    {
        if (image.Contains('@'))
            return (image, null);
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private async Task FollowAsync(
        Func<DockerClient, IProgress<JSONMessage>, Task> call, IProgress<string>? progress, CancellationToken ct)
    {
        var messages = new ProgressMessages(progress);
        await engine.CallAsync(d => call(d, messages), ct);
        messages.ThrowIfFailed();
    }
}
