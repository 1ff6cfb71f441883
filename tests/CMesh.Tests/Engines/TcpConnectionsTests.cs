using System.Net;
using CMesh.Peer.Engines;

namespace CMesh.Tests.Engines;

public sealed class TcpConnectionsTests
{
    [Theory]
    [InlineData("0200000A:1BBC", "10.0.0.2")]
    [InlineData("0100007F:0016", "127.0.0.1")]
    [InlineData("0000000000000000FFFF00000200000A:1BBC", "10.0.0.2")]
    [InlineData("00000000000000000000000001000000:0016", "::1")]
    public void A_kernel_address_is_read_in_its_word_order(string field, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), TcpConnections.Remote(field));
    }

    [Fact]
    public void Only_established_connections_count()
    {
        var procNet = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllLines(Path.Combine(procNet, "tcp"),
        [
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0300000A:1BBC 0200000A:D431 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0 20 4 30 10 -1",
            "   1: 0300000A:1BBC 0400000A:D432 06 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1",
            "   2: 00000000:1BBC 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1",
        ]);

        Assert.Equal([IPAddress.Parse("10.0.0.2")], TcpConnections.EstablishedRemotes(procNet));
    }

    [Fact]
    public void This_machine_has_its_own_loopback_connections_listed()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new System.Net.Sockets.TcpClient();
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        using var accepted = listener.AcceptTcpClient();

        Assert.Contains(IPAddress.Loopback, TcpConnections.EstablishedRemotes());
    }
}
