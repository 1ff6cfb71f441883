namespace CMesh.Docker.Images;

/// <summary>
/// An engine's folder as it goes into its peer image: its files (never a node_modules of the developer's), and when
/// it has a package-lock.json, the exact npm packages it names, installed on the host with npm ci so that the image
/// build itself needs no registry.
/// </summary>
public static class EngineContent
{
    private const string NodeModules = "node_modules";

    /// <param name="engineFolder">Relative to the repository; null: the built-in engine, an empty folder.</param>
    public static async Task CopyAsync(string repositoryRoot, string? engineFolder, string destination, IProgress<string> progress, CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        if (engineFolder is null)
        {
            return;
        }

        var source = Path.Combine(repositoryRoot, engineFolder);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains(NodeModules))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        if (File.Exists(Path.Combine(destination, "package-lock.json")))
        {
            if (!ExternalCommand.IsInstalled("npm"))
            {
                throw new InvalidOperationException($"npm is not installed, so the packages of {engineFolder} cannot be installed: run ./docker/setup-host.sh (or apt-get install npm)");
            }

            progress.Report($"installing the npm packages of {engineFolder} (npm ci)");
            await ExternalCommand.RunAsync("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--prefix", destination], null, ct);
        }
    }
}
