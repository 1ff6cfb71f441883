using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace CMesh.Peer.Records;

/// <summary>
/// This process's CPU time and resident memory, and the data interface's byte counters, as the kernel counts them.
/// Read every second, so each takes few system calls: CPU time by getrusage, memory from /proc/self/statm, the
/// interface's bytes from its line of /proc/net/dev, both kept open (Process and GetIPStatistics read seven files a
/// second between them).
/// </summary>
public sealed class ProcessCounters(IPAddress dataAddress) : IDisposable
{
    private readonly string? _dataInterface = NetworkInterface.GetAllNetworkInterfaces()
        .FirstOrDefault(nic => nic.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(dataAddress)))?.Name;

    private readonly ProcFile _statm = new("/proc/self/statm");
    private readonly ProcFile _netDev = new("/proc/net/dev");

    public (long CpuMicros, long RssBytes) Process() =>
        ((long)Environment.CpuUsage.TotalTime.TotalMicroseconds, ResidentBytes());

    /// <summary>Cumulative bytes received and sent on the data interface; -1 each when it cannot be read.</summary>
    public (long Rx, long Tx) DataInterface()
    {
        if (_dataInterface is null)
        {
            return (-1, -1);
        }

        // "  eth1: 1234 5 0 0 0 0 0 0 5678 9 …": bytes received are the first counter, bytes sent the ninth.
        foreach (var line in (_netDev.Read() ?? "").Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().SequenceEqual(_dataInterface))
            {
                var counters = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return counters.Length > 8 && Counter(counters[0]) is { } rx && Counter(counters[8]) is { } tx ? (rx, tx) : (-1, -1);
            }
        }

        return (-1, -1);
    }

    public void Dispose()
    {
        _statm.Dispose();
        _netDev.Dispose();
    }

    /// <summary>The second field of /proc/self/statm: resident pages.</summary>
    private long ResidentBytes()
    {
        var fields = (_statm.Read() ?? "").Split(' ');
        return fields.Length > 1 && Counter(fields[1]) is { } pages ? pages * Environment.SystemPageSize : -1;
    }

    private static long? Counter(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
