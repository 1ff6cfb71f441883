using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace CMesh.Peer.Network;

/// <summary>Finds this container's address on the data network, given that network's subnet.</summary>
public static class DataAddress
{
    public static IPAddress Find(string subnet)
    {
        var network = IPNetwork.Parse(subnet);
        return NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && network.Contains(address))
            ?? throw new InvalidOperationException($"no interface has an address in the data subnet {subnet}");
    }
}
