using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace CMesh.Peer.Network;

/// <summary>Finds this container's IPv4 addresses on the run's two networks, knowing only the data network's subnet.</summary>
public static class LocalAddress
{
    public static IPAddress OnDataNetwork(string dataSubnet)
    {
        var data = IPNetwork.Parse(dataSubnet);
        return First(data.Contains) ?? throw new InvalidOperationException($"no interface has an address in the data subnet {dataSubnet}");
    }

    /// <summary>The one address neither loopback nor on the data network.</summary>
    public static IPAddress OnControlNetwork(string dataSubnet)
    {
        var data = IPNetwork.Parse(dataSubnet);
        return First(address => !IPAddress.IsLoopback(address) && !data.Contains(address))
            ?? throw new InvalidOperationException($"no interface has an address outside loopback and the data subnet {dataSubnet}");
    }

    private static IPAddress? First(Func<IPAddress, bool> wanted) =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && wanted(address));
}
