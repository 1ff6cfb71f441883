namespace CMesh.Docker.Chaos;

/// <summary>A bandwidth limit (tc tbf) in kbit/s.</summary>
public sealed record RateFault(int Kbit, LinkScope Scope) : LinkFault(Scope)
{
    public const int DefaultKbit = 1_000;

    public int Kbit { get; } = FaultCheck.AtLeast(Kbit, 8, "rate");

    public override FaultKind Kind => FaultKind.Rate;

    public override string ToString() => $"rate {ScenarioValues.FormatKbit(Kbit)}{Scope}";
}
