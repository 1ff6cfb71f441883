using CMesh.Chaos.Scenarios;

namespace CMesh.Chaos.Yaml;

/// <summary>One thing wrong in a scenario file, printed as <c>file:line: field: problem</c>.</summary>
/// <param name="Field">The field's path from the top of the file (steps[0].fault.percent); empty for a YAML syntax error.</param>
public sealed record ScenarioError(string File, int Line, string Field, string Problem)
{
    public override string ToString() => Field.Length == 0 ? $"{File}:{Line}: {Problem}" : $"{File}:{Line}: {Field}: {Problem}";
}

/// <summary>Scenario files that do not hold valid scenarios; the message is one line per error.</summary>
public sealed class ScenarioFileException(IReadOnlyList<ScenarioError> errors) : Exception(string.Join('\n', errors))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}

/// <summary>Carries one error out of the reading of a field to where the reader collects it.</summary>
internal sealed class ScenarioErrorException(ScenarioError error) : Exception(error.ToString())
{
    public ScenarioError Error { get; } = error;
}
