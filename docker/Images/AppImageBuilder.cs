using System.Formats.Tar;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Images;

/// <summary>
/// Publishes a project for linux-x64 as its <see cref="PublishMode"/> says (Native AOT or ReadyToRun, self-contained
/// either way) and builds it onto the base image, from the Dockerfile's stage for that mode. The tag is the hash of
/// the sources, the base image id and the publish arguments: an unchanged tree finds its image and builds nothing,
/// and a change of mode builds anew.
/// </summary>
public sealed class AppImageBuilder(IDockerEngine engine, string repositoryRoot)
{
    /// <summary>Publish keeps its own intermediate files, apart from the developer's bin/ and obj/, so a build running meanwhile cannot spoil it.</summary>
    private string ArtifactsPath => Path.Combine(repositoryRoot, ".build", "publish");

    public string TagFor(AppImage app, string baseImageId) =>
        $"{app.Repository}:{SourceHash.Compute(repositoryRoot, app.Sources, [baseImageId, .. PublishArguments(app)])}";

    /// <summary>Returns the image's tag, building it only when no image has that tag (or when forced).</summary>
    public async Task<string> EnsureAsync(AppImage app, string baseImage, string baseImageId, bool force, IProgress<string> progress, CancellationToken ct)
    {
        var tag = TagFor(app, baseImageId);
        if (!force && await engine.Images.InspectAsync(tag, ct) is not null)
        {
            return tag;
        }

        var context = BuildScratch.NewContext();
        try
        {
            progress.Report($"publishing {app.Project} ({app.Publish.Name}, linux-x64)");
            await ExternalCommand.RunAsync(
                "dotnet",
                ["publish", Path.Combine(repositoryRoot, app.Project), .. PublishArguments(app),
                 "-o", Path.Combine(context.FullName, "app"), "--artifacts-path", ArtifactsPath, "-nologo", "-v", "quiet"],
                null,
                ct);
            File.Copy(Path.Combine(repositoryRoot, app.Dockerfile), Path.Combine(context.FullName, "Dockerfile"));
            await EngineContent.CopyAsync(repositoryRoot, app.EngineFolder, Path.Combine(context.FullName, "engine"), progress, ct);
            progress.Report($"building {tag}");
            await BuildAsync(context.FullName, tag, baseImage, app.Publish.Name, ct);
            return tag;
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    /// <summary>Everything that shapes the published binary (not where it goes), so it is part of the image's tag.</summary>
    private static IReadOnlyList<string> PublishArguments(AppImage app) => ["-c", "Release", "-r", "linux-x64", "-p:DebugType=none", .. app.Publish.Arguments];

    private async Task BuildAsync(string contextDirectory, string tag, string baseImage, string stage, CancellationToken ct)
    {
        var archive = contextDirectory + ".tar";
        try
        {
            await TarFile.CreateFromDirectoryAsync(contextDirectory, archive, includeBaseDirectory: false, ct);
            await using var stream = File.OpenRead(archive);
            var request = new ImageBuildRequest(
                tag,
                new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage },
                new Dictionary<string, string> { [MeshLabels.Managed] = "true" },
                Target: stage);
            await engine.Images.BuildAsync(stream, request, progress: null, ct);
        }
        finally
        {
            File.Delete(archive);
        }
    }
}
