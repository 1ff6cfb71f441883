namespace CMesh.Chaos.Scenarios;

/// <summary>Keeps a copy of each scenario applied to a run in its results (scenarios/NAME.yaml), for the report's assertions.</summary>
public static class ScenarioSaver
{
    public const string Folder = "scenarios";

    public static void Save(string home, Scenario scenario, string runDirectory)
    {
        var target = Path.Combine(runDirectory, Folder);
        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(home, ScenarioLibrary.Folder, scenario.Name + ".yaml"), Path.Combine(target, scenario.Name + ".yaml"), overwrite: true);
    }
}
