using System.Globalization;

namespace CMesh.Coordinator.Host;

/// <summary>
/// The host's CPU, load and memory from /proc. A container sees the host's own /proc/stat, /proc/loadavg and
/// /proc/meminfo (they are not namespaced), so the coordinator measures the machine every peer runs on.
/// </summary>
public sealed class HostCounters(string procRoot = "/proc")
{
    /// <summary>Cumulative jiffies of all cores: busy (not idle, not I/O wait) and total; null when unreadable.</summary>
    public (long Busy, long Total)? CpuTimes()
    {
        var line = ReadLines("stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        return (total - idle, total);
    }

    public double Load1() =>
        ReadLines("loadavg").Select(l => double.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)).FirstOrDefault(-1);

    public (long Total, long Available) Memory()
    {
        var lines = ReadLines("meminfo").ToList();
        return (Kilobytes(lines, "MemTotal:") * 1024, Kilobytes(lines, "MemAvailable:") * 1024);
    }

    private static long Kilobytes(IEnumerable<string> lines, string key) =>
        lines.Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => long.Parse(l[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .FirstOrDefault(-1);

    private IEnumerable<string> ReadLines(string file)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(procRoot, file));
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
