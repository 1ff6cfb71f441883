using CMesh.Docker.Engine;

namespace CMesh.Docker.Images;

/// <summary>The images one run uses.</summary>
public sealed record MeshImageSet(string BaseImage, string BaseImageId, string CoordinatorImage, string PeerImage);

/// <summary>Makes sure the base, coordinator and peer images exist and are current.</summary>
public sealed class MeshImages(IDockerEngine engine, BaseImageSettings baseSettings, string repositoryRoot)
{
    public async Task<MeshImageSet> EnsureAsync(bool force, IProgress<string> progress, CancellationToken ct)
    {
        var baseImage = new BaseImage(engine, baseSettings);
        var baseId = await baseImage.EnsureAsync(progress, ct);
        var builder = new AppImageBuilder(engine, repositoryRoot);
        var coordinator = await builder.EnsureAsync(AppImage.Coordinator, baseImage.Name, baseId, force, progress, ct);
        var peer = await builder.EnsureAsync(AppImage.Peer, baseImage.Name, baseId, force, progress, ct);
        return new MeshImageSet(baseImage.Name, baseId, coordinator, peer);
    }
}
