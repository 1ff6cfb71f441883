namespace CMesh.Docker.Chaos;

/// <summary>
/// Each target peer's sync engine stops sending updates for the step's duration, while its links, heartbeats and
/// version-vector exchanges go on: a sync layer stuck over a healthy transport ("link up but no data"). It is an
/// in-app fault, switched through the peer's control server, because no network fault can make it: updates and
/// heartbeats share each link's TCP stream.
/// </summary>
public sealed record DropUpdatesFault : FaultSpec
{
    public override FaultKind Kind => FaultKind.DropUpdates;

    public override string ToString() => "drop updates";
}
