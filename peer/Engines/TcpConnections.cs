using System.Globalization;
using System.Net;

namespace CMesh.Peer.Engines;

/// <summary>
/// The remote addresses of this network namespace's established TCP connections, from /proc/net/tcp and tcp6: the
/// links of an engine that does not report its own.
/// </summary>
public static class TcpConnections
{
    private const string Established = "01";

    public static IReadOnlySet<IPAddress> EstablishedRemotes(string procNet = "/proc/net")
    {
        var remotes = new HashSet<IPAddress>();
        foreach (var file in new[] { "tcp", "tcp6" })
        {
            var path = Path.Combine(procNet, file);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == Established && Remote(fields[2]) is { } remote)
                {
                    remotes.Add(remote);
                }
            }
        }

        return remotes;
    }

    /// <summary>The kernel writes an address as its 32-bit words in host (little-endian) order, in hex.</summary>
    public static IPAddress? Remote(string hexAddressAndPort)
    {
        var hex = hexAddressAndPort.Split(':')[0];
        if (hex.Length is not (8 or 32))
        {
            return null;
        }

        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            for (var b = 0; b < 4; b++)
            {
                bytes[(word * 4) + b] = byte.Parse(hex.AsSpan((word * 8) + ((3 - b) * 2), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
