using CMesh.Docker.Engines;
using CMesh.Docker.Images;
using Spectre.Console;

namespace CMesh.Cli.Running;

/// <summary>Makes sure the mesh images exist, showing what is being built.</summary>
public static class ImageStage
{
    /// <param name="userPeerImage">A user's peer image, run instead of the one CMesh builds for the engine.</param>
    public static Task<MeshImageSet> EnsureAsync(CliServices services, bool force, CancellationToken ct, EngineRecipe? engine = null, string? userPeerImage = null) =>
        services.Console.Status().StartAsync("checking images", async status =>
        {
            var progress = new Progress<string>(line => status.Status(Markup.Escape(Shorten(line))));
            var images = new MeshImages(services.Engine, services.Settings.BaseImage, services.Settings.Home, services.Settings.PeerPublish);
            return userPeerImage is null
                ? await images.EnsureAsync(force, progress, ct, engine)
                : await images.EnsureAsync(force, progress, ct) with { PeerImage = userPeerImage, Engine = engine };
        });

    private static string Shorten(string line) => line.Length > 100 ? line[..97] + "..." : line;
}
