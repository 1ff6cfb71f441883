using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;

namespace CMesh.Report.Input;

/// <summary>The scenarios applied to a run: the copies under results/&lt;run&gt;/scenarios/, whose assertions the report checks.</summary>
public static class ScenarioCopies
{
    public const string Folder = "scenarios";

    /// <param name="named">The scenario run.json names, which must have its copy.</param>
    public static ScenarioSet Read(string runDirectory, string? named, InputTally tally)
    {
        var directory = Path.Combine(runDirectory, Folder);
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList() : [];
        var problems = new List<string>();
        if (named is not null && !files.Any(f => Path.GetFileNameWithoutExtension(f) == named))
        {
            tally.Missing($"{Folder}/{named}.yaml");
            problems.Add($"run.json names scenario {named}, but {Folder}/{named}.yaml is missing: its assertions cannot be checked");
        }

        var scenarios = new List<Scenario>();
        foreach (var file in files)
        {
            var name = $"{Folder}/{Path.GetFileName(file)}";
            try
            {
                scenarios.Add(ScenarioReader.Read(File.ReadAllText(file), name));
                tally.FileRead();
            }
            catch (ScenarioFileException e)
            {
                tally.Unreadable(name, e.Message.ReplaceLineEndings(" "));
                problems.Add($"{name} cannot be read, so its assertions cannot be checked: {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        return new ScenarioSet(scenarios, problems);
    }
}

/// <param name="Problems">Scenario copies that are missing or unreadable: each fails the report, as its assertions cannot pass.</param>
public sealed record ScenarioSet(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<string> Problems);
