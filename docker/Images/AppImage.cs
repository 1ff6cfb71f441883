namespace CMesh.Docker.Images;

/// <summary>
/// One of CMesh's own images: which project is published into it, how, and with which Dockerfile, and for a peer
/// running a shipped engine, the engine's folder (engines/&lt;name&gt;) that goes into it beside the peer.
/// </summary>
public sealed record AppImage(string Repository, string Project, string Dockerfile, PublishMode Publish, string? EngineFolder = null)
{
    /// <summary>Native AOT: it starts beside the first peers and answers all their heartbeats, on the cores they share.</summary>
    public static readonly AppImage Coordinator = new(
        "cmesh-coordinator", "coordinator/CMesh.Coordinator.csproj", "docker/Images/coordinator.Dockerfile", PublishMode.NativeAot);

    /// <summary>Native AOT unless CMESH_PEER_PUBLISH says otherwise: a run has hundreds of peers, and their memory is what limits it.</summary>
    public static readonly AppImage Peer = new("cmesh-peer", "peer/CMesh.Peer.csproj", "docker/Images/peer.Dockerfile", PublishMode.NativeAot);

    /// <summary>The peer image for an engine of engines/: the same peer, with the engine's folder.</summary>
    public static AppImage PeerWith(string engineName) => Peer with { Repository = $"cmesh-peer-{engineName}", EngineFolder = Path.Combine("engines", engineName) };

    /// <summary>Everything in the repository the image's content depends on.</summary>
    public IReadOnlyList<string> Sources =>
        [Path.GetDirectoryName(Project)!, "common", "introspection", Dockerfile, "Directory.Build.props", .. EngineFolder is null ? Array.Empty<string>() : [EngineFolder]];
}
