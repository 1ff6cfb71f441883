using System.Net;
using System.Net.Sockets;
using CMesh.Peer.Records;

namespace CMesh.Tests.Peer;

public sealed class ProcessCountersTests
{
    [Fact]
    public void The_process_counts_its_cpu_time_and_resident_memory()
    {
        using var counters = new ProcessCounters(IPAddress.Loopback);
        var (cpu, rss) = counters.Process();

        Assert.True(cpu > 0, $"cpu {cpu} µs");
        Assert.InRange(rss, 1 << 20, Environment.WorkingSet * 4);
    }

    [Fact]
    public async Task The_data_interface_counts_what_crosses_it()
    {
        using var counters = new ProcessCounters(IPAddress.Loopback);
        var (rxBefore, txBefore) = counters.DataInterface();
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpClient();
        await sender.SendAsync(new byte[50_000], (IPEndPoint)receiver.Client.LocalEndPoint!);
        await receiver.ReceiveAsync();

        var (rxAfter, txAfter) = counters.DataInterface();

        Assert.True(rxBefore >= 0 && txBefore >= 0);
        Assert.True(rxAfter - rxBefore >= 50_000, $"received {rxAfter - rxBefore} bytes");
        Assert.True(txAfter - txBefore >= 50_000, $"sent {txAfter - txBefore} bytes");
    }

    [Fact]
    public void An_address_on_no_interface_reads_as_unknown()
    {
        using var counters = new ProcessCounters(IPAddress.Parse("192.0.2.77"));
        Assert.Equal((-1L, -1L), counters.DataInterface());
    }

    [Fact]
    public void A_kept_open_file_reads_whole_each_time_however_long_and_a_missing_one_reads_as_null()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, new string('a', 10_000));
            using var file = new ProcFile(path);
            Assert.Equal(10_000, file.Read()!.Length);

            File.WriteAllText(path, "short");
            Assert.Equal("short", file.Read());
        }
        finally
        {
            File.Delete(path);
        }

        using var missing = new ProcFile("/proc/self/no-such-file");
        Assert.Null(missing.Read());
    }
}
