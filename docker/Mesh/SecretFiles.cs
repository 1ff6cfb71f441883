namespace CMesh.Docker.Mesh;

/// <summary>
/// A run's secrets as files, one per secret, readable by the owner only, kept on tmpfs (/run) outside the results
/// and mounted read-only into containers at /run/secrets: never passed as environment variables.
/// </summary>
public static class SecretFiles
{
    public static string Root { get; } = Directory.Exists("/run") && IsWritable("/run")
        ? "/run/cmesh"
        : Path.Combine(Path.GetTempPath(), "cmesh-secrets");

    public static string Write(string runId, IReadOnlyDictionary<string, string> secrets)
    {
        var directory = Path.Combine(Root, runId);
        Directory.CreateDirectory(directory);
        foreach (var (name, value) in secrets)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, value);
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
        }

        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return directory;
    }

    public static void Remove(string runId) => Delete(Path.Combine(Root, runId));

    public static void RemoveAll() => Delete(Root);

    private static void Delete(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static bool IsWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "cmesh"));
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
