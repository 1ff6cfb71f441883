using CMesh.Chaos.Yaml;

namespace CMesh.Chaos.Scenarios;

/// <summary>The named scenarios in scenarios/*.yaml at the repository root, in name order.</summary>
public sealed class ScenarioLibrary(IReadOnlyList<Scenario> scenarios)
{
    public const string Folder = "scenarios";

    public IReadOnlyList<Scenario> Scenarios => scenarios;

    /// <exception cref="ScenarioFileException">A file is not a valid scenario; the errors of every file are listed.</exception>
    public static ScenarioLibrary Load(string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, Folder);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToList() : [];
        var loaded = new List<Scenario>();
        var errors = new List<ScenarioError>();
        foreach (var file in files)
        {
            try
            {
                loaded.Add(ScenarioReader.Read(File.ReadAllText(file), $"{Folder}/{Path.GetFileName(file)}"));
            }
            catch (ScenarioFileException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        return errors.Count == 0 ? new ScenarioLibrary(loaded) : throw new ScenarioFileException(errors);
    }

    public Scenario? Find(string name) => scenarios.FirstOrDefault(s => s.Name == name);
}
