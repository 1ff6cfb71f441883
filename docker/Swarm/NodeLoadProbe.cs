using System.Globalization;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm;

/// <summary>What a node has free now: memory the kernel could give without swapping, and idle cores over one second.</summary>
/// <param name="MemoryAvailableBytes">MemAvailable of the node's /proc/meminfo.</param>
/// <param name="IdleCores">Idle and I/O-wait share of the node's CPU time over the second, times its cores.</param>
public sealed record NodeLoad(long MemoryAvailableBytes, double IdleCores);

/// <summary>
/// Reads a node's free memory and idle CPU, which a swarm does not report, from inside a throwaway container on that
/// node's own engine (a container sees its host's /proc/meminfo and /proc/stat): no network, no capability, removed
/// after. It runs from any CMesh image the node holds; a node that holds none cannot be read yet.
/// </summary>
public static class NodeLoadProbe
{
    public const string ProbeRole = "node-probe";

    private const string Script = "head -n 1 /proc/stat; sleep 1; head -n 1 /proc/stat; grep '^MemAvailable:' /proc/meminfo";

    /// <returns>Null when the node holds no CMesh image to run the probe from.</returns>
    public static async Task<NodeLoad?> ReadAsync(IDockerEngine node, double cores, TimeProvider clock, CancellationToken ct)
    {
        if ((await node.Images.ListAsync(MeshLabels.AnyRun, ct)).FirstOrDefault() is not { } image)
        {
            return null;
        }

        var printed = await OneShotContainer.RunAsync(
            node,
            new ContainerSpec
            {
                Name = $"cmesh-node-probe-{Guid.NewGuid():N}",
                Image = image.Id,
                Entrypoint = ["sh", "-c"],
                Command = [Script],
                Labels = new Dictionary<string, string>(MeshLabels.AnyRun) { [MeshLabels.Role] = ProbeRole },
                NetworkMode = "none",
                CapDrop = ["ALL"],
            },
            clock,
            ct);
        return Parse(printed, cores);
    }

    /// <summary>Two "cpu …" lines of /proc/stat a second apart, then /proc/meminfo's MemAvailable line.</summary>
    /// <exception cref="FormatException">The probe's output is not that.</exception>
    public static NodeLoad Parse(IReadOnlyList<string> lines, double cores)
    {
        var cpu = lines.Where(l => l.StartsWith("cpu ", StringComparison.Ordinal)).Select(Ticks).ToList();
        var memory = lines.FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        if (cpu.Count != 2 || memory is null)
        {
            throw new FormatException($"the node probe printed {lines.Count} lines, not two of /proc/stat and MemAvailable: {string.Join(" | ", lines)}");
        }

        var total = cpu[1].Total - cpu[0].Total;
        var idle = cpu[1].Idle - cpu[0].Idle;
        var kib = long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new NodeLoad(kib * 1024, total <= 0 ? 0 : Math.Round(cores * idle / total, 2));
    }

    /// <summary>cpu user nice system idle iowait irq softirq steal …: all ticks, and idle + iowait.</summary>
    private static (long Total, long Idle) Ticks(string line)
    {
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToList();
        return (ticks.Sum(), ticks[3] + (ticks.Count > 4 ? ticks[4] : 0));
    }
}
