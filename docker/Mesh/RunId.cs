using System.Text.RegularExpressions;

namespace CMesh.Docker.Mesh;

/// <summary>A run's name: it prefixes every container and network, and names the results folder.</summary>
public static partial class RunId
{
    public static string New(TimeProvider clock) =>
        $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..4]}";

    /// <summary>Null when valid, otherwise why not.</summary>
    public static string? Validate(string name) =>
        ValidName().IsMatch(name) ? null : $"run name '{name}' must be 1-40 of a-z, 0-9 and '-', starting with a letter or digit";

    public static string ContainerName(string runId, string member) => $"cmesh-{runId}-{member}";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex ValidName();
}
