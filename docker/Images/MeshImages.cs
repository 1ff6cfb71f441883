using CMesh.Docker.Engine;
using CMesh.Docker.Engines;

namespace CMesh.Docker.Images;

/// <summary>The images one run uses.</summary>
/// <param name="Engine">The sync engine the peers run; null or built-in: CMesh's own.</param>
public sealed record MeshImageSet(string BaseImage, string BaseImageId, string CoordinatorImage, string PeerImage, EngineRecipe? Engine = null);

/// <summary>Makes sure the base, coordinator and peer images exist and are current.</summary>
/// <param name="peerPublish">How the peer is compiled (CMESH_PEER_PUBLISH), for its image and an engine's.</param>
public sealed class MeshImages(IDockerEngine engine, BaseImageSettings baseSettings, string repositoryRoot, PublishMode peerPublish)
{
    /// <summary>cmesh-peer:latest, the built-in peer image last built: what a user's peer image is built FROM (docs/engines.md).</summary>
    public const string LatestTag = "latest";

    /// <param name="syncEngine">The engine the peers run; null: the built-in one.</param>
    public async Task<MeshImageSet> EnsureAsync(bool force, IProgress<string> progress, CancellationToken ct, EngineRecipe? syncEngine = null)
    {
        var baseImage = new BaseImage(engine, baseSettings);
        var baseId = await baseImage.EnsureAsync(progress, ct);
        var builder = new AppImageBuilder(engine, repositoryRoot);
        var coordinator = await builder.EnsureAsync(AppImage.Coordinator, baseImage.Name, baseId, force, progress, ct);
        if (syncEngine is null || syncEngine.IsBuiltIn)
        {
            var peer = await builder.EnsureAsync(AppImage.Peer with { Publish = peerPublish }, baseImage.Name, baseId, force, progress, ct);
            await engine.Images.TagAsync(peer, AppImage.Peer.Repository, LatestTag, ct);
            return new MeshImageSet(baseImage.Name, baseId, coordinator, peer, syncEngine);
        }

        var engineBase = new BaseImage(engine, baseSettings, syncEngine.DebianPackages);
        var engineBaseId = await engineBase.EnsureAsync(progress, ct);
        var enginePeer = await builder.EnsureAsync(AppImage.PeerWith(syncEngine.Name) with { Publish = peerPublish }, engineBase.Name, engineBaseId, force, progress, ct);
        return new MeshImageSet(baseImage.Name, baseId, coordinator, enginePeer, syncEngine);
    }
}
