using System.Text.RegularExpressions;
using CMesh.Chaos.Assertions;

namespace CMesh.Chaos.Scenarios;

/// <summary>A named timeline of faults, what it changes in the workload, and what the report should find afterwards.</summary>
public sealed partial record Scenario(
    string Name,
    string Description,
    IReadOnlyList<ScenarioStep> Steps,
    WorkloadOverrides? Workload,
    IReadOnlyList<ScenarioAssertion> Assertions)
{
    public string Name { get; } = ValidName().IsMatch(Name)
        ? Name
        : throw new ScenarioFieldException("name", $"'{Name}' is not a scenario name: use a-z, 0-9 and '-', starting with a letter or digit");

    public string Description { get; } = string.IsNullOrWhiteSpace(Description) || Description.Contains('\n')
        ? throw new ScenarioFieldException("description", "give one line saying what the scenario does")
        : Description;

    public IReadOnlyList<ScenarioStep> Steps { get; } = Steps.Count > 0 ? Steps : throw new ScenarioFieldException("steps", "a scenario has at least one step");

    /// <summary>From the scenario's start until its last fault ends; steps without a duration are reverted then.</summary>
    public TimeSpan Length => Steps.Max(s => s.End);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex ValidName();
}
