using CMesh.Docker.Engine;
using CMesh.Docker.Images;

namespace CMesh.Docker.Results;

public sealed record RunImages(string Base, string BaseId, string Coordinator, string CoordinatorId, string Peer, string PeerId)
{
    /// <summary>The images a run starts from, with the ids the engine gives them, for its run.json.</summary>
    public static async Task<RunImages> DescribeAsync(IDockerEngine engine, MeshImageSet images, CancellationToken ct)
    {
        async Task<string> IdOf(string image) => (await engine.Images.InspectAsync(image, ct))?.Id ?? "";
        return new RunImages(
            images.BaseImage, images.BaseImageId, images.CoordinatorImage, await IdOf(images.CoordinatorImage),
            images.PeerImage, await IdOf(images.PeerImage));
    }
}
