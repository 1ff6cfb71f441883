namespace CMesh.Docker.Chaos;

/// <summary>Freezes each target's processes (cgroup freezer) for the step's duration: sockets stay open but silent.</summary>
public sealed record PauseFault : FaultSpec
{
    public override FaultKind Kind => FaultKind.Pause;

    public override string ToString() => "pause";
}
