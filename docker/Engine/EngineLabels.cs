namespace CMesh.Docker.Engine;

/// <summary>The labels the engine reported, where it may report none.</summary>
internal static class EngineLabels
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Of(IDictionary<string, string>? labels) => labels?.AsReadOnly() ?? None;
}
