using CMesh.Chaos.Faults;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Scenarios;

/// <summary>A step that happens Times times in all, Every apart (start to start).</summary>
public sealed record StepRepeat(TimeSpan Every, int Times)
{
    public TimeSpan Every { get; } = FaultCheck.Positive(Every, "repeat.every");

    public int Times { get; } = FaultCheck.AtLeast(Times, 2, "repeat.times");

    public override string ToString() => $"×{Times} every {ScenarioValues.Format(Every)}";
}
