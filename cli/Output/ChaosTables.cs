using CMesh.Docker.Chaos;
using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>The tables the CLI prints about chaos scenarios.</summary>
public static class ChaosTables
{
    public static Table Scenarios(IReadOnlyList<Scenario> scenarios)
    {
        var table = new Table()
            .AddColumn(new TableColumn("scenario").NoWrap()).AddColumn("description").AddColumn("steps")
            .AddColumn(new TableColumn("length").RightAligned().NoWrap()).AddColumn("assertions");
        foreach (var scenario in scenarios)
        {
            var description = Markup.Escape(scenario.Description)
                + (scenario.Workload is { } workload ? $"\n[grey]workload: {Markup.Escape(workload.ToString())}[/]" : "");
            table.AddRow(
                Markup.Escape(scenario.Name),
                description,
                Markup.Escape(string.Join("\n", scenario.Steps)),
                ScenarioValues.Format(scenario.Length),
                Markup.Escape(scenario.Assertions.Count == 0 ? "-" : string.Join("\n", scenario.Assertions)));
        }

        return table.Caption("times from the scenario's start; length: until its last fault ends");
    }
}
