
namespace CMesh.Chaos.Scenarios;

/// <summary>A scenario value that breaks a rule; Field is its name as written in YAML (jitter, repeat.every).</summary>
public sealed class ScenarioFieldException(string field, string problem) : Exception(problem)
{
    public string Field { get; } = field;
}
