using CMesh.Common;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Peer;

/// <summary>What the driver told this peer through its environment.</summary>
public sealed record PeerSettings(string RunId, string PeerId, Uri CoordinatorUrl, string DataSubnet, string ResultsDirectory)
{
    public static PeerSettings FromEnvironment()
    {
        var peerId = EnvironmentSettings.Required(Env.PeerId);
        return new PeerSettings(
            EnvironmentSettings.Required(Env.RunId),
            peerId,
            new Uri(EnvironmentSettings.Required(Env.CoordinatorUrl)),
            EnvironmentSettings.Required(Env.DataSubnet),
            Path.Combine(Env.ResultsPath, "peers", peerId));
    }
}
