namespace CMesh.Docker.Images;

/// <summary>
/// Temporary folders for image builds (a debootstrapped root, a build context). A build removes its own; one
/// killed mid-build leaves them, and `cmesh clean` removes them.
/// </summary>
public static class BuildScratch
{
    private const string RootFsPrefix = "cmesh-rootfs-";
    private const string ContextPrefix = "cmesh-build-";

    public static DirectoryInfo NewRootFs() => Directory.CreateTempSubdirectory(RootFsPrefix);

    public static DirectoryInfo NewContext() => Directory.CreateTempSubdirectory(ContextPrefix);

    public static void RemoveLeftovers()
    {
        foreach (var prefix in new[] { RootFsPrefix, ContextPrefix })
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(Path.GetTempPath(), prefix + "*"))
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }
            }
        }
    }
}
