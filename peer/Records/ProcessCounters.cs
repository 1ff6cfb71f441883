using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;

namespace CMesh.Peer.Records;

/// <summary>This process's CPU time and resident memory, and the data interface's byte counters, as the kernel counts them.</summary>
public sealed class ProcessCounters(IPAddress dataAddress)
{
    private readonly NetworkInterface? _dataInterface = NetworkInterface.GetAllNetworkInterfaces()
        .FirstOrDefault(nic => nic.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(dataAddress)));

    public (long CpuMicros, long RssBytes) Process()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return ((long)self.TotalProcessorTime.TotalMicroseconds, self.WorkingSet64);
    }

    /// <summary>Cumulative bytes received and sent on the data interface; -1 each when it cannot be read.</summary>
    public (long Rx, long Tx) DataInterface()
    {
        try
        {
            var statistics = _dataInterface?.GetIPStatistics();
            return statistics is null ? (-1, -1) : (statistics.BytesReceived, statistics.BytesSent);
        }
        catch (NetworkInformationException)
        {
            return (-1, -1);
        }
    }
}
