namespace CMesh.Docker.Engines;

/// <summary>The engines shipped in the repository's engines/ folder, one folder each.</summary>
public sealed class EngineCatalog(IReadOnlyList<EngineRecipe> engines)
{
    public const string Folder = "engines";

    public IReadOnlyList<EngineRecipe> Engines => engines;

    public static EngineCatalog Load(string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, Folder);
        var recipes = Directory.Exists(folder)
            ? Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, EngineRecipe.FileName))).Select(EngineRecipe.Read)
            : [];
        return new EngineCatalog(recipes.OrderBy(r => r.IsBuiltIn ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal).ToList());
    }

    /// <exception cref="EngineRecipeException">No engine of that name, with the names there are.</exception>
    public EngineRecipe Find(string name) =>
        engines.FirstOrDefault(e => e.Name == name)
        ?? throw new EngineRecipeException($"no engine named {name}: the engines are {string.Join(", ", engines.Select(e => e.Name))} (cmesh engines lists them)");
}
