namespace CMesh.Docker.Chaos;

/// <summary>Ends every partition at once.</summary>
public sealed record HealFault : FaultSpec
{
    public override FaultKind Kind => FaultKind.Heal;

    public override DurationRule DurationRule => DurationRule.None;

    public override string ToString() => "heal";
}
