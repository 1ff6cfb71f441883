using System.Formats.Tar;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Images;

/// <summary>
/// Publishes a project self-contained for linux-x64, precompiled (ReadyToRun) so that a hundred peers starting at
/// once do not wait on the JIT, and builds it onto the base image, tagged by the hash of its
/// sources and the base image id: an unchanged tree finds its image and builds nothing.
/// </summary>
public sealed class AppImageBuilder(IDockerEngine engine, string repositoryRoot)
{
    /// <summary>Publish keeps its own intermediate files, apart from the developer's bin/ and obj/, so a build running meanwhile cannot spoil it.</summary>
    private string ArtifactsPath => Path.Combine(repositoryRoot, ".build", "publish");

    public string TagFor(AppImage app, string baseImageId) =>
        $"{app.Repository}:{SourceHash.Compute(repositoryRoot, app.Sources, [baseImageId])}";

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
            progress.Report($"publishing {app.Project} (self-contained, linux-x64)");
            await ExternalCommand.RunAsync(
                "dotnet",
                ["publish", Path.Combine(repositoryRoot, app.Project), "-c", "Release", "-r", "linux-x64", "--self-contained",
                 "-o", Path.Combine(context.FullName, "app"), "--artifacts-path", ArtifactsPath, "-nologo", "-v", "quiet", "-p:DebugType=none", "-p:PublishReadyToRun=true"],
                null,
                ct);
            File.Copy(Path.Combine(repositoryRoot, app.Dockerfile), Path.Combine(context.FullName, "Dockerfile"));
            await EngineContent.CopyAsync(repositoryRoot, app.EngineFolder, Path.Combine(context.FullName, "engine"), progress, ct);
            progress.Report($"building {tag}");
            await BuildAsync(context.FullName, tag, baseImage, ct);
            return tag;
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    private async Task BuildAsync(string contextDirectory, string tag, string baseImage, CancellationToken ct)
    {
        var archive = contextDirectory + ".tar";
        try
        {
            await TarFile.CreateFromDirectoryAsync(contextDirectory, archive, includeBaseDirectory: false, ct);
            await using var stream = File.OpenRead(archive);
            var request = new ImageBuildRequest(
                tag,
                new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage },
                new Dictionary<string, string> { [MeshLabels.Managed] = "true" });
            await engine.Images.BuildAsync(stream, request, progress: null, ct);
        }
        finally
        {
            File.Delete(archive);
        }
    }
}
