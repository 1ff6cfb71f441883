using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;

namespace CMesh.Tests.Chaos.Scenarios;

public sealed class ShippedScenarioTests
{
    private static readonly string Root = RepositoryRoot.Path;

    public static TheoryData<string> Names => new(
        "loss-20pct", "delay-200ms", "jitter-100ms", "bandwidth-256kbit", "partition-halves", "partition-isolate-one",
        "bridge", "flapping-link", "churn", "pause-minority", "kill-restart", "mobility", "signal-outage");

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_shipped_scenario_loads_with_a_warm_up_and_assertions(string name)
    {
        var scenario = ScenarioLibrary.Load(Root).Find(name);

        Assert.NotNull(scenario);
        Assert.True(scenario.Steps.Min(s => s.At) >= TimeSpan.FromSeconds(10), $"{name} starts its first fault without a warm-up");
        Assert.NotEmpty(scenario.Assertions);
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
