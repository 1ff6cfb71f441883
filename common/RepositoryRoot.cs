namespace CMesh.Common;

public static class RepositoryRoot
{
    /// <summary>CMESH_HOME (set by the ./cmesh launcher), else the nearest folder up from <paramref name="start"/> with CMesh.sln; null when there is none.</summary>
    public static string? Find(string start)
    {
        if (Environment.GetEnvironmentVariable("CMESH_HOME") is { Length: > 0 } home)
        {
            return home;
        }

        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CMesh.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
