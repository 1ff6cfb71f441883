using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace CMesh.Peer.Network;

/// <summary>Finds this container's address on the control network: the one IPv4 address neither loopback nor on the data network.</summary>
public static class ControlAddress
{
    public static IPAddress Find(string dataSubnet)
    {
        var data = IPNetwork.Parse(dataSubnet);
        return NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address) && !data.Contains(address))
            ?? throw new InvalidOperationException($"no interface has an address outside loopback and the data subnet {dataSubnet}");
    }
}
