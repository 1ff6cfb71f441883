namespace CMesh.Chaos.Faults;

/// <summary>Each packet is sent twice with Percent probability, correlated with the previous choice.</summary>
public sealed record DuplicateFault(double Percent, double Correlation, LinkScope Scope) : PacketShareFault(Percent, Correlation, Scope), IDefinesFaultKind
{
    public static FaultKind Definition { get; } = Define("duplicate", 3, (percent, correlation, scope) => new DuplicateFault(percent, correlation, scope));

    public override FaultKind Kind => Definition;
}
