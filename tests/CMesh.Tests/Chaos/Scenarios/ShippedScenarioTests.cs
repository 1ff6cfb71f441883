using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;

namespace CMesh.Tests.Chaos.Scenarios;

public sealed class ShippedScenarioTests
{
    private static readonly string Root = RepositoryRoot.Path;

    /// <summary>Played with `cmesh chaos` on a mesh that is already up, so it starts at once.</summary>
    private const string Tour = "quick-tour";

    public static TheoryData<string> Names => new(
        Directory.GetFiles(Path.Combine(Root, ScenarioLibrary.Folder), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order().ToArray()!);

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_file_of_the_scenarios_folder_loads_under_its_own_name_with_assertions(string name)
    {
        var scenario = ScenarioLibrary.Load(Root).Find(name);

        Assert.NotNull(scenario);
        Assert.NotEmpty(scenario.Assertions);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_shipped_scenario_but_the_tour_leaves_the_documented_30s_warm_up_before_its_first_fault(string name)
    {
        var first = ScenarioLibrary.Load(Root).Find(name)!.Steps.Min(s => s.At);

        Assert.True(name == Tour || first >= TimeSpan.FromSeconds(30), $"{name} starts its first fault at {first}, before the warm-up");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_shipped_scenario_is_listed_in_the_formats_readme(string name)
    {
        var readme = File.ReadAllText(Path.Combine(Root, ScenarioLibrary.Folder, "README.md"));

        Assert.Contains($"| `{name}` |", readme);
    }

    [Fact]
    public void The_flapping_link_repeats_and_mobility_redraws_its_layout()
    {
        var library = ScenarioLibrary.Load(Root);

        Assert.NotNull(Assert.Single(library.Find("flapping-link")!.Steps).Repeat);
        Assert.IsType<MobilityFault>(Assert.Single(library.Find("mobility")!.Steps).Fault);
    }

    [Fact]
    public void An_unknown_name_finds_nothing()
    {
        Assert.Null(ScenarioLibrary.Load(Root).Find("meteor-strike"));
    }

    [Fact]
    public void The_format_documents_every_fault_kind_and_field()
    {
        var readme = File.ReadAllText(Path.Combine(Root, ScenarioLibrary.Folder, "README.md"));

        foreach (var kind in FaultKinds.All)
        {
            Assert.Contains($"`{kind.Name}`", readme);
            Assert.All(kind.Fields, field => Assert.Contains($"`{field}`", readme));
        }
    }

    [Fact]
    public void A_library_with_a_bad_file_reports_its_errors_and_loads_nothing()
    {
        var home = Directory.CreateTempSubdirectory("cmesh-scenarios-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(home, "scenarios"));
            File.WriteAllText(Path.Combine(home, "scenarios", "typo.yaml"), "name: typo\ndescription: x\nsteps:\n  - at: 1s\n    fault: { kind: heal }\n    tragets: all\n");

            var error = Assert.Throws<ScenarioFileException>(() => ScenarioLibrary.Load(home));

            Assert.Equal("scenarios/typo.yaml:6: steps[0].tragets: unknown field (expected at, duration, repeat, targets, fault)", error.Message);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
