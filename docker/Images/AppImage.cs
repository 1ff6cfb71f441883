namespace CMesh.Docker.Images;

/// <summary>One of CMesh's own images: which project is published into it and with which Dockerfile.</summary>
public sealed record AppImage(string Repository, string Project, string Dockerfile)
{
    public static readonly AppImage Coordinator = new("cmesh-coordinator", "coordinator/CMesh.Coordinator.csproj", "docker/Images/coordinator.Dockerfile");

    public static readonly AppImage Peer = new("cmesh-peer", "peer/CMesh.Peer.csproj", "docker/Images/peer.Dockerfile");

    /// <summary>Everything in the repository the image's content depends on.</summary>
    public IReadOnlyList<string> Sources =>
        [Path.GetDirectoryName(Project)!, "common", "introspection", Dockerfile, "Directory.Build.props"];
}
