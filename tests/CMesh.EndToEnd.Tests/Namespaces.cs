using System.Globalization;
using System.Text.RegularExpressions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// Looks into a container's network namespace from the host with nsenter and the host's own tools (ping, nft, tc,
/// iperf3), so that what chaos did is checked without the harness's view of it.
/// </summary>
public static partial class Namespaces
{
    public static async Task<int> PidAsync(string container) =>
        int.Parse(await Shell.DockerAsync("inspect", "-f", "{{.State.Pid}}", container), CultureInfo.InvariantCulture);

    /// <summary>The container's address on one of the run's networks: "data" or "control".</summary>
    public static Task<string> IpAsync(string run, string network, string container) =>
        Shell.DockerAsync("inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"cmesh-{run}-{network}\").IPAddress}}}}", container);

    public static async Task<CommandResult> InAsync(int pid, params string[] command)
    {
        HostTools.Require(command[0]);
        return await Shell.RunAsync("nsenter", ["-t", pid.ToString(CultureInfo.InvariantCulture), "-n", .. command], null, TimeSpan.FromMinutes(2));
    }

    /// <summary>Sends count echo requests, interval apart; returns the share lost (0-100) and the mean round trip in ms.</summary>
    public static async Task<(double LossPercent, double AverageRttMs)> PingAsync(int pid, string ip, int count, double intervalSeconds)
    {
        var result = await InAsync(pid, "ping", "-q", "-n", "-W", "1", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", intervalSeconds.ToString(CultureInfo.InvariantCulture), ip);
        var loss = LossForm().Match(result.StdOut);
        Assert.True(loss.Success, result.ToString());
        var rtt = RttForm().Match(result.StdOut);
        return (double.Parse(loss.Groups[1].Value, CultureInfo.InvariantCulture), rtt.Success ? double.Parse(rtt.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN);
    }

    /// <summary>Echo requests this namespace has received (Icmp InEchos in /proc/net/snmp).</summary>
    public static async Task<long> EchoRequestsReceivedAsync(int pid)
    {
        var snmp = (await InAsync(pid, "cat", "/proc/net/snmp")).StdOut.Split('\n').Where(l => l.StartsWith("Icmp:", StringComparison.Ordinal)).ToList();
        var names = snmp[0].Split(' ');
        var values = snmp[1].Split(' ');
        return long.Parse(values[Array.IndexOf(names, "InEchos")], CultureInfo.InvariantCulture);
    }

    /// <summary>What chaos could have left in a namespace: nft tables besides Docker's, qdiscs other than noqueue, devices named cmesh-*.</summary>
    public static async Task<IReadOnlyList<string>> LeftoversAsync(int pid)
    {
        var tables = (await InAsync(pid, "nft", "list", "tables")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t.Contains("cmesh", StringComparison.Ordinal));
        var qdiscs = (await InAsync(pid, "tc", "qdisc", "show")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(q => !q.StartsWith("qdisc noqueue", StringComparison.Ordinal));
        // By device name: a line may name a network namespace cmesh-nI too (the peer end of a veth on a swarm node).
        var devices = (await InAsync(pid, "ip", "-o", "link", "show")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Split(": ") is [_, var name, ..] && name.StartsWith("cmesh-", StringComparison.Ordinal));
        return [.. tables, .. qdiscs, .. devices];
    }

    [GeneratedRegex(@"([\d.]+)% packet loss")]
    private static partial Regex LossForm();

    [GeneratedRegex(@"= [\d.]+/([\d.]+)/")]
    private static partial Regex RttForm();
}
