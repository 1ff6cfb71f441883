using CMesh.Cli.Running;
using CMesh.Docker.Engine;
using CMesh.Docker.Engines;
using CMesh.Docker.Swarm;

namespace CMesh.Tests.Cli;

public sealed class HostCapacityTests
{
    private const long GiB = 1024L * 1024 * 1024;
    private static readonly PeerCost Node = new(175, 9.1, "bench");
    private static readonly PeerCost Light = new(28, 1.6, "bench");

    private static SwarmNode SwarmNode(string id, string hostname, long memory, int cpus) =>
        new(id, hostname, "worker", "active", "ready", "10.0.0.9", cpus * 1_000_000_000L, memory, new Dictionary<string, string>(), false, "20.10.24");

    [Fact]
    public void A_run_that_needs_more_memory_than_is_available_is_refused_with_the_figures()
    {
        var verdict = HostCapacity.Check(1000, 1000, "automerge", Node, new HostResources(22 * GiB, 2));

        Assert.NotNull(verdict);
        Assert.True(verdict.Refused);
        Assert.Equal("1000 peers of engine automerge need about 171.0 GiB (175 MiB each, measured: bench) and this host has 22.0 GiB available: run fewer peers or free memory", verdict.Message);
    }

    [Fact]
    public void A_run_that_asks_for_more_cpu_than_the_cores_is_started_with_a_warning()
    {
        var verdict = HostCapacity.Check(20, 20, "automerge", Node, new HostResources(22 * GiB, 2));

        Assert.NotNull(verdict);
        Assert.False(verdict.Refused);
        Assert.Contains("use about 1.8 cores (9.1 % of a core each, measured: bench) and this host has 2: it will be saturated", verdict.Message);
    }

    [Fact]
    public void An_engine_measured_idle_is_expected_to_cost_its_idle_cpu_plus_a_share_in_proportion_to_the_update_rate()
    {
        var measured = new PeerCost(12, 1.7, "bench", IdleCpuPercent: 0.3, MeshUpdatesPerSecond: 20);

        Assert.Equal(0.3, measured.CpuPercentAt(0), 6);
        Assert.Equal(1.0, measured.CpuPercentAt(10), 6);
        Assert.Equal(1.7, measured.CpuPercentAt(20), 6);
        Assert.Equal(1.6, Light.CpuPercentAt(1), 6);
        Assert.Null(HostCapacity.Check(100, HostCapacity.MeshUpdatesPerSecond(100, 60_000), "cmesh", measured, new HostResources(22 * GiB, 2)));

        var verdict = HostCapacity.Check(500, HostCapacity.MeshUpdatesPerSecond(500, 25_000), "cmesh", measured, new HostResources(22 * GiB, 2));

        Assert.NotNull(verdict);
        Assert.Contains("use about 8.5 cores (1.7 % of a core each with 20 updates/s in the mesh: 0.3 % idle, 1.7 % at 20 updates/s, measured: bench)", verdict.Message);
    }

    [Fact]
    public void A_run_that_fills_most_of_the_memory_is_started_with_a_warning()
    {
        var verdict = HostCapacity.Check(100, 100, "cmesh", Light, new HostResources(3 * GiB, 64));

        Assert.NotNull(verdict);
        Assert.False(verdict.Refused);
        Assert.EndsWith("this host's memory will be nearly full", verdict.Message);
    }

    [Fact]
    public void A_run_that_fits_or_an_engine_never_measured_passes_without_a_word()
    {
        Assert.Null(HostCapacity.Check(20, 20, "cmesh", Light, new HostResources(22 * GiB, 2)));
        Assert.Null(HostCapacity.Check(1000, 1000, "user-image", null, new HostResources(1 * GiB, 2)));
    }

    [Fact]
    public void A_swarm_run_is_checked_node_by_node_against_the_peers_placed_there_and_the_nodes_total_where_its_free_memory_is_unknown()
    {
        var big = SwarmNode("n1", "big", 64 * GiB, 16);
        var small = SwarmNode("n2", "small", 2 * GiB, 2);
        var peers = Enumerable.Range(1, 40).ToDictionary(i => $"peer-{i}", i => i % 4 == 0 ? small : big);
        var layout = new SwarmLayout(new SwarmMembership("active", "n1", "10.0.0.1", true, ""), big, peers, new Dictionary<string, string>());

        var verdict = Assert.Single(HostCapacity.CheckNodes(layout, 40, "automerge", Node, new Dictionary<string, NodeLoad>()));

        Assert.False(verdict.Refused);
        Assert.Equal(
            "10 peers of engine automerge need about 1.8 GiB (175 MiB each, measured: bench) and node small has 2.0 GiB in all (its free memory could not be read): node small's memory will be nearly full",
            verdict.Message);
    }

    [Fact]
    public void A_node_whose_free_memory_was_read_is_checked_against_what_it_has_available()
    {
        var big = SwarmNode("n1", "big", 64 * GiB, 16);
        var peers = Enumerable.Range(1, 10).ToDictionary(i => $"peer-{i}", _ => big);
        var layout = new SwarmLayout(new SwarmMembership("active", "n1", "10.0.0.1", true, ""), big, peers, new Dictionary<string, string>());

        var verdict = Assert.Single(HostCapacity.CheckNodes(layout, 40, "automerge", Node, new Dictionary<string, NodeLoad> { ["n1"] = new(1 * GiB, 12.5) }));

        Assert.True(verdict.Refused);
        Assert.Contains("node big has 1.0 GiB available", verdict.Message);
    }

    [Fact]
    public void Available_memory_is_read_from_meminfo()
    {
        var meminfo = Path.GetTempFileName();
        File.WriteAllText(meminfo, "MemTotal:       24684092 kB\nMemFree:         1000000 kB\nMemAvailable:   23000000 kB\n");
        try
        {
            Assert.Equal(23_000_000L * 1024, HostResources.Read(meminfo).MemoryAvailableBytes);
        }
        finally
        {
            File.Delete(meminfo);
        }
    }
}
