namespace CMesh.Tests;

/// <summary>The CMesh repository the tests run from: the nearest folder up with CMesh.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CMesh.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the tests run outside the CMesh repository");
    }
}
