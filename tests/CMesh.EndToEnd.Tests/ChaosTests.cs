using CMesh.Common;
using CMesh.Common.Records;
using System.Globalization;
using System.Text.Json;

namespace CMesh.EndToEnd.Tests;

[Collection(MeshCollection.Name)]
public sealed class ChaosTests(ChaosMesh mesh) : IClassFixture<ChaosMesh>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>A test that failed half-way leaves its fault in force; the next one must find the mesh healed.</summary>
    public Task DisposeAsync() => mesh.RestoreAsync();

    [Fact]
    public async Task Random_loss_on_a_peer_drops_the_stated_share_of_its_packets_and_ends_with_nothing_left()
    {
        var cli = await mesh.StartChaosAsync("loss", "20%", "--targets", "peer-1", "--duration", "25s");
        var (loss, _) = await Namespaces.PingAsync(await mesh.PidAsync("peer-1"), await mesh.DataIpAsync("peer-2"), count: 1000, intervalSeconds: 0.005);
        await ChaosMesh.FinishAsync(cli);

        // 1000 draws at 20%: the standard deviation is 1.3 points, so ±4 points is three of them.
        Assert.InRange(loss, 16, 24);
        var (after, _) = await Namespaces.PingAsync(await mesh.PidAsync("peer-1"), await mesh.DataIpAsync("peer-2"), count: 200, intervalSeconds: 0.005);
        Assert.Equal(0, after);
        Assert.Contains(mesh.ChaosRows(), r => r.Event == "end" && r.Kind == "loss" && r.Targets == "peer-1" && r.Detail == "duration");
        await mesh.AssertHealedAsync();
    }

    [Fact]
    public async Task A_partition_into_halves_stops_traffic_between_the_sides_both_ways_keeps_it_within_a_side_and_heals()
    {
        var cli = await mesh.StartChaosAsync("partition", "halves", "--duration", "15s");
        var peer1 = await mesh.PidAsync("peer-1");
        var peer3 = await mesh.PidAsync("peer-3");

        Assert.Equal(100, (await Namespaces.PingAsync(peer1, await mesh.DataIpAsync("peer-3"), 3, 0.2)).LossPercent);
        Assert.Equal(100, (await Namespaces.PingAsync(peer3, await mesh.DataIpAsync("peer-1"), 3, 0.2)).LossPercent);
        Assert.Equal(0, (await Namespaces.PingAsync(peer1, await mesh.DataIpAsync("peer-2"), 3, 0.2)).LossPercent);
        Assert.Equal(0, (await Namespaces.PingAsync(peer3, await mesh.DataIpAsync("peer-4"), 3, 0.2)).LossPercent);
        await ChaosMesh.FinishAsync(cli);

        Assert.Equal(0, (await Namespaces.PingAsync(peer1, await mesh.DataIpAsync("peer-3"), 3, 0.2)).LossPercent);
        await mesh.AssertHealedAsync();
    }

    [Fact]
    public async Task A_one_way_partition_cuts_the_first_side_off_from_the_second_while_the_second_still_reaches_the_first()
    {
        var cli = await mesh.StartChaosAsync("partition", "halves", "--set", "one-way=true", "--duration", "15s");
        var peer1 = await mesh.PidAsync("peer-1");
        var peer3 = await mesh.PidAsync("peer-3");
        var heardByPeer1 = await Namespaces.EchoRequestsReceivedAsync(peer1);
        var heardByPeer3 = await Namespaces.EchoRequestsReceivedAsync(peer3);

        await Namespaces.PingAsync(peer1, await mesh.DataIpAsync("peer-3"), 5, 0.2);
        await Namespaces.PingAsync(peer3, await mesh.DataIpAsync("peer-1"), 5, 0.2);

        Assert.Equal(heardByPeer3, await Namespaces.EchoRequestsReceivedAsync(peer3));
        Assert.Equal(heardByPeer1 + 5, await Namespaces.EchoRequestsReceivedAsync(peer1));
        await ChaosMesh.FinishAsync(cli);
        await mesh.AssertHealedAsync();
    }

    [Fact]
    public async Task A_tbf_bandwidth_limit_holds_measured_throughput_near_the_limit()
    {
        var cli = await mesh.StartChaosAsync("rate", "1000kbit", "--targets", "peer-1", "--duration", "30s");
        var server = await Namespaces.InAsync(await mesh.PidAsync("peer-2"), "iperf3", "-s", "-1", "-D", "-p", "5201");
        Assert.True(server.ExitCode == 0, server.ToString());
        await Task.Delay(500);
        var client = await Namespaces.InAsync(await mesh.PidAsync("peer-1"), "iperf3", "-c", await mesh.DataIpAsync("peer-2"), "-p", "5201", "-t", "6", "-J");
        Assert.True(client.ExitCode == 0, client.ToString());
        await ChaosMesh.FinishAsync(cli);

        using var report = JsonDocument.Parse(client.StdOut);
        var kbit = report.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1000;
        Assert.InRange(kbit, 800, 1050);
        await mesh.AssertHealedAsync();
    }

    [Fact]
    public async Task Pause_kill_and_restart_show_in_the_containers_state_and_in_the_peers_records()
    {
        var paused = await mesh.StartChaosAsync("pause", "--targets", "peer-2", "--duration", "12s");
        Assert.Equal("true", await Shell.DockerAsync("inspect", "-f", "{{.State.Paused}}", ChaosMesh.Container("peer-2")));
        await ChaosMesh.FinishAsync(paused);
        Assert.Equal("false", await Shell.DockerAsync("inspect", "-f", "{{.State.Paused}}", ChaosMesh.Container("peer-2")));
        Assert.Contains(
            Enumerable.Range(1, 4).Where(i => i != 2).SelectMany(i => mesh.Results.Records<LinkEventRecord>($"peer-{i}")),
            e => e.Event == "close" && e.RemotePeer == "peer-2" && e.Detail.Contains("heartbeat timeout"));

        var firstLinksBefore = new Dictionary<string, int> { ["peer-3"] = FirstLinkResyncs("peer-3"), ["peer-4"] = FirstLinkResyncs("peer-4") };
        var killed = await mesh.StartChaosAsync("kill", "--targets", "peer-3", "--duration", "6s");
        Assert.Equal("false", await Shell.DockerAsync("inspect", "-f", "{{.State.Running}}", ChaosMesh.Container("peer-3")));
        Assert.Equal("137", await Shell.DockerAsync("inspect", "-f", "{{.State.ExitCode}}", ChaosMesh.Container("peer-3")));
        await ChaosMesh.FinishAsync(killed);
        Assert.Equal("true", await Shell.DockerAsync("inspect", "-f", "{{.State.Running}}", ChaosMesh.Container("peer-3")));

        var startedBefore = await Shell.DockerAsync("inspect", "-f", "{{.State.StartedAt}}", ChaosMesh.Container("peer-4"));
        var restart = await Shell.CmeshAsync("chaos", "restart", "--targets", "peer-4", "--set", "grace=2s", "--run", ChaosMesh.Run);
        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.NotEqual(startedBefore, await Shell.DockerAsync("inspect", "-f", "{{.State.StartedAt}}", ChaosMesh.Container("peer-4")));
        var restartedStopAt = DockerTimeMicros(await Shell.DockerAsync("inspect", "-f", "{{.State.FinishedAt}}", ChaosMesh.Container("peer-4")));

        // Each restarted peer starts a new life: its first link finds what the others wrote while it was down. peer-3
        // was down 6 s. A restart can take well under a second, in which the others (writing once a second) may not all
        // write; whichever peer's version vector peer-4 then reads first may show it nothing to fetch.
        await Eventually.TrueAsync(
            () => FirstLinkResyncs("peer-3") > firstLinksBefore["peer-3"]
                && (FirstLinkResyncs("peer-4") > firstLinksBefore["peer-4"] || OthersAllWroteBeforeFirstLink("peer-4", restartedStopAt) == false),
            TimeSpan.FromSeconds(30),
            "peer-3 did not record a first-link resync after coming back, or peer-4 did not though every other peer had written while it was down");

        await mesh.AssertHealedAsync();
    }

    [Fact]
    public async Task Churn_kills_and_restarts_random_targets_and_logs_each_as_an_action()
    {
        var cli = await mesh.StartChaosAsync("churn", "--targets", "peer-3,peer-4", "--set", "interval=4s", "--set", "downtime=2s", "--duration", "13s");
        await ChaosMesh.FinishAsync(cli);

        var actions = mesh.ChaosRows().Where(r => r.Event == "action" && r.Kind == "churn").Select(r => r.Detail).ToList();
        var killed = actions.Where(a => a.StartsWith("killed ", StringComparison.Ordinal)).ToList();
        Assert.True(killed.Count >= 2, string.Join("; ", actions));
        foreach (var victim in killed.Select(a => a.Split(' ')[1]).Distinct())
        {
            Assert.Contains(victim, new[] { "peer-3", "peer-4" });
            var started = DateTimeOffset.Parse(await Shell.DockerAsync("inspect", "-f", "{{.State.StartedAt}}", ChaosMesh.Container(victim)), CultureInfo.InvariantCulture);
            Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), $"{victim} was logged as killed but its container was not started again");
        }

        await mesh.AssertHealedAsync();
    }

    [SkippableFact]
    public async Task Delay_from_netem_shifts_the_measured_round_trip_by_the_delay()
    {
        Skip.IfNot(await KernelHasNetemAsync(), "this Docker host's kernel has no sch_netem, so delay, jitter, duplicate, corrupt and reorder cannot run here (the CLI refuses them naming netem)");
        var cli = await mesh.StartChaosAsync("delay", "100ms", "--set", "jitter=0ms", "--targets", "peer-1", "--duration", "15s");
        var (_, rtt) = await Namespaces.PingAsync(await mesh.PidAsync("peer-1"), await mesh.DataIpAsync("peer-2"), 10, 0.2);
        await ChaosMesh.FinishAsync(cli);

        Assert.InRange(rtt, 95, 150);
        await mesh.AssertHealedAsync();
    }

    [Fact]
    public async Task A_fault_the_kernel_cannot_do_is_refused_at_once_naming_what_is_missing_and_nothing_is_applied()
    {
        var hasNetem = await KernelHasNetemAsync();
        var result = await Shell.CmeshAsync("chaos", "delay", "100ms", "--duration", "10s", "--run", ChaosMesh.Run);
        if (hasNetem)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        else
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("sch_netem", result.StdErr + result.StdOut);
        }

        await mesh.AssertHealedAsync();
    }

    private int FirstLinkResyncs(string peer) => mesh.Results.Records<ReconnectRecord>(peer).Count(r => r.Trigger == "first-link");

    /// <summary>
    /// Whether every other peer wrote between the peer's stop and 100 ms before the first link it opened after, so that
    /// any version vector it read first showed it something to fetch; null while no link has opened since.
    /// </summary>
    private bool? OthersAllWroteBeforeFirstLink(string peer, long stoppedAtUs)
    {
        var opened = mesh.Results.Records<LinkEventRecord>(peer).Where(e => e.Event == "open" && e.TimeUs > stoppedAtUs).Select(e => (long?)e.TimeUs).Min();
        return opened is null
            ? null
            : Enumerable.Range(1, 4).Select(i => $"peer-{i}").Where(other => other != peer)
                .All(other => mesh.Results.Records<WriteRecord>(other).Any(w => w.WrittenAtUs > stoppedAtUs && w.WrittenAtUs < opened - 100_000));
    }

    /// <summary>A time as `docker inspect` prints it, in Unix microseconds.</summary>
    private static long DockerTimeMicros(string text) =>
        UnixTime.ToMicros(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime);

    /// <summary>Asks the host kernel directly, in a throwaway namespace of the test's own.</summary>
    private static async Task<bool> KernelHasNetemAsync() =>
        (await Shell.RunAsync("unshare", ["-n", "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"], null, TimeSpan.FromSeconds(30))).ExitCode == 0;
}
