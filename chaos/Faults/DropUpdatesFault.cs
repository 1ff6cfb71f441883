using CMesh.Chaos.Mechanisms;
using CMesh.Common.Contracts;

namespace CMesh.Chaos.Faults;

/// <summary>
/// Each target peer's sync engine stops sending updates for the step's duration, while its links, heartbeats and
/// version-vector exchanges go on: a sync layer stuck over a healthy transport ("link up but no data"). It is an
/// in-app fault, switched through the peer's control server, because no network fault can make it: updates and
/// heartbeats share each link's TCP stream.
/// </summary>
public sealed record DropUpdatesFault : FaultSpec, IInAppFault, IDefinesFaultKind
{
    public static FaultKind Definition { get; } = new("drop-updates", 16, _ => new DropUpdatesFault());

    public override FaultKind Kind => Definition;

    public string Switch => InAppFaults.DropUpdates;

    public override string ToString() => "drop updates";
}
