using System.Globalization;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Values;
using CMesh.Common;
using CMesh.Common.Contracts;
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

    /// <summary>The faults a run's chaos.csv shows started and not ended; one whose CLI has gone is marked, for `cmesh chaos clear`.</summary>
    public static Table InForce(string runId, IReadOnlyList<ChaosEvent> active)
    {
        var table = new Table().AddColumn("fault").AddColumn("kind").AddColumn("targets").AddColumn("parameters").AddColumn("since").AddColumn("applied by");
        foreach (var fault in active)
        {
            var owner = OwnerPid(fault.Detail);
            var alive = owner is { } pid && Directory.Exists($"/proc/{pid}");
            table.AddRow(
                Markup.Escape(fault.FaultId),
                Markup.Escape(fault.Kind),
                Markup.Escape(fault.Targets.Replace(' ', '\n')),
                Markup.Escape(fault.Parameters),
                UnixTime.FromMicros(fault.TimeUnixUs).ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                owner is null ? "?" : alive ? $"cmesh (pid {owner})" : $"[red]pid {owner}, gone[/]: run `cmesh chaos clear`");
        }

        return table.Title($"faults in force on run {Markup.Escape(runId)}").Caption(active.Count == 0 ? "none" : "from the run's chaos.csv");
    }

    private static int? OwnerPid(string detail) =>
        detail.Split("; ").FirstOrDefault(p => p.StartsWith("pid ", StringComparison.Ordinal)) is { } part
        && int.TryParse(part[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
}
