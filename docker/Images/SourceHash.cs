using System.Security.Cryptography;
using System.Text;

namespace CMesh.Docker.Images;

/// <summary>
/// A hash over the files an image is built from (paths and contents, build outputs left out), so that an image is
/// rebuilt exactly when its sources change.
/// </summary>
public static class SourceHash
{
    private static readonly string[] Skipped = ["bin", "obj", "node_modules"];

    public static string Compute(string root, IEnumerable<string> relativePaths, IEnumerable<string> extra)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in relativePaths.SelectMany(p => Expand(root, p)).Distinct().Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(root, file)));
        }

        foreach (var value in extra)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static IEnumerable<string> Expand(string root, string relativePath)
    {
        var full = Path.Combine(root, relativePath);
        if (File.Exists(full))
        {
            return [relativePath];
        }

        return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Intersect(Skipped).Any());
    }
}
