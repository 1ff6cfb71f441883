using System.Globalization;
using CMesh.Docker.Engine;
using CMesh.Docker.Engines;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Running;

/// <summary>
/// Checks, before anything starts, that this host can hold N peers of an engine at its measured cost: a run that
/// needs more memory than the host has available is refused; one that fills most of it, or asks for more CPU than
/// the host's cores, is started with a warning and the figures (its latencies would measure the host).
/// </summary>
public static class HostCapacity
{
    /// <summary>The coordinator and the engine's own share, besides the peers (MiB).</summary>
    public const double CoordinatorMiB = 100;

    private const double WarnMemoryShare = 0.8;
    private const double WarnCpuShare = 0.85;

    /// <param name="meshUpdatesPerSecond">Updates written a second in the whole mesh: every peer receives each.</param>
    /// <returns>Null when the run fits; else why not, or what to expect.</returns>
    public static CapacityVerdict? Check(int peers, double meshUpdatesPerSecond, string engine, PeerCost? cost, HostResources host)
    {
        if (cost is null)
        {
            return null;
        }

        var neededMiB = (peers * cost.MemoryMiB) + CoordinatorMiB;
        var availableMiB = host.MemoryAvailableBytes / (1024.0 * 1024);
        var memory = $"{peers} peers of engine {engine} need about {Size(neededMiB)} ({cost.MemoryMiB:0.#} MiB each, measured: {cost.Measured}) and {host.Holder} has {Size(availableMiB)} {host.MemoryKind}";
        if (neededMiB > availableMiB)
        {
            return new CapacityVerdict(Refused: true, $"{memory}: run fewer peers or free memory");
        }

        var cpuEach = cost.CpuPercentAt(meshUpdatesPerSecond);
        var cpuNeeded = peers * cpuEach / 100;
        if (cpuNeeded > host.Cores * WarnCpuShare)
        {
            return new CapacityVerdict(Refused: false,
                $"{peers} peers of engine {engine} use about {cpuNeeded.ToString("0.#", CultureInfo.InvariantCulture)} cores ({Percent(cpuEach)} % of a core each{CpuBasis(cost, meshUpdatesPerSecond)}, measured: {cost.Measured}) and {host.Holder} has {host.Cores}: it will be saturated, and latencies will measure the host, not the network");
        }

        return neededMiB > availableMiB * WarnMemoryShare
            ? new CapacityVerdict(Refused: false, $"{memory}: {host.Holder}'s memory will be nearly full")
            : null;
    }

    /// <summary>Each node of a swarm run against the peers placed on it (the coordinator counted on every node, a small overstatement).</summary>
    /// <param name="free">What each node has free, by node id, where it could be read; the others are taken at their total memory.</param>
    /// <returns>One verdict per node that does not simply fit, its message naming the node.</returns>
    public static IReadOnlyList<CapacityVerdict> CheckNodes(SwarmLayout layout, double meshUpdatesPerSecond, string engine, PeerCost? cost, IReadOnlyDictionary<string, NodeLoad> free) =>
        layout.Peers.Values.GroupBy(n => n.Id)
            .Select(g => Check(g.Count(), meshUpdatesPerSecond, engine, cost, HostResources.OfNode(g.First(), free.GetValueOrDefault(g.Key))))
            .OfType<CapacityVerdict>()
            .ToList();

    /// <summary>Updates written a second in a mesh of this plan, all peers together.</summary>
    public static double MeshUpdatesPerSecond(int peers, int writeIntervalMs) => peers * 1000.0 / writeIntervalMs;

    private static string CpuBasis(PeerCost cost, double meshUpdatesPerSecond) =>
        cost.IdleCpuPercent is { } idle
            ? $" with {Percent(meshUpdatesPerSecond)} updates/s in the mesh: {Percent(idle)} % idle, {Percent(cost.CpuPercent)} % at {Percent(cost.MeshUpdatesPerSecond)} updates/s"
            : "";

    private static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Size(double mib) =>
        mib >= 1024 ? $"{(mib / 1024).ToString("0.0", CultureInfo.InvariantCulture)} GiB" : $"{mib.ToString("0", CultureInfo.InvariantCulture)} MiB";
}

/// <param name="Refused">True: nothing may start. False: a warning.</param>
public sealed record CapacityVerdict(bool Refused, string Message);

/// <summary>What a host has for a run: memory available now (not merely free) and cores.</summary>
/// <param name="Holder">Who has it, as the messages name it: this host, or node NAME.</param>
/// <param name="MemoryKind">What the memory figure is: available, or in all where only the total is known.</param>
public sealed record HostResources(long MemoryAvailableBytes, int Cores, string Holder = "this host", string MemoryKind = "available")
{
    /// <summary>A swarm node: the memory it has available, read on it, else its total as the manager reports it (a swarm reports nothing free); its CPUs.</summary>
    public static HostResources OfNode(SwarmNode node, NodeLoad? free = null) =>
        free is null
            ? new(node.MemoryBytes, CoresOf(node), $"node {node.Hostname}", "in all (its free memory could not be read)")
            : new(free.MemoryAvailableBytes, CoresOf(node), $"node {node.Hostname}");

    private static int CoresOf(SwarmNode node) => (int)Math.Max(1, Math.Floor(node.Cpus));

    /// <summary>MemAvailable from /proc/meminfo (the kernel's estimate of what can be used without swapping).</summary>
    public static HostResources Read(string meminfo = "/proc/meminfo")
    {
        var available = File.ReadLines(meminfo)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0] == "MemAvailable")
            .Select(parts => long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024)
            .FirstOrDefault(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        return new HostResources(available, Environment.ProcessorCount);
    }
}
