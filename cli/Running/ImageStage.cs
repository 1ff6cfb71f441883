using CMesh.Docker.Engines;
using CMesh.Docker.Images;
using Spectre.Console;

namespace CMesh.Cli.Running;

/// <summary>Makes sure the mesh images exist, showing what is being built.</summary>
public static class ImageStage
{
    public static Task<MeshImageSet> EnsureAsync(CliServices services, bool force, CancellationToken ct, EngineRecipe? engine = null) =>
        services.Console.Status().StartAsync("checking images", async status =>
        {
            var progress = new Progress<string>(line => status.Status(Markup.Escape(Shorten(line))));
            return await new MeshImages(services.Engine, services.Settings.BaseImage, services.Settings.Home).EnsureAsync(force, progress, ct, engine);
        });

    private static string Shorten(string line) => line.Length > 100 ? line[..97] + "..." : line;
}
