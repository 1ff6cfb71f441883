
namespace CMesh.Chaos.Faults;

/// <summary>Ends every partition of its scenario at once.</summary>
public sealed record HealFault : FaultSpec, IDefinesFaultKind
{
    public static FaultKind Definition { get; } = new("heal", 8, _ => new HealFault()) { OnlyInScenarios = true };

    public override FaultKind Kind => Definition;

    public override DurationRule DurationRule => DurationRule.None;

    public override string ToString() => "heal";
}
