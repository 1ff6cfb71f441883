namespace CMesh.Chaos.Faults;

/// <summary>One random bit of a packet is flipped with Percent probability, correlated with the previous choice.</summary>
public sealed record CorruptFault(double Percent, double Correlation, LinkScope Scope) : PacketShareFault(Percent, Correlation, Scope), IDefinesFaultKind
{
    public static FaultKind Definition { get; } = Define("corrupt", 4, (percent, correlation, scope) => new CorruptFault(percent, correlation, scope));

    public override FaultKind Kind => Definition;
}
