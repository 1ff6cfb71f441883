using CMesh.Common.Contracts;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Switches a fault that lives in a peer's process.</summary>
public interface IPeerFaultSwitch
{
    /// <exception cref="InAppFaultException">The peer did not answer, or refused.</exception>
    Task<InAppFaultState> SetAsync(MeshMember peer, string fault, bool on, CancellationToken ct);

    /// <summary>Where the switch is sent for the peer: what a dry run shows.</summary>
    Uri Url(MeshMember peer, string fault);
}
