using CMesh.Docker.Swarm;

namespace CMesh.Tests.Swarm;

public sealed class NodeLoadProbeTests
{
    [Fact]
    public void Idle_cores_are_the_idle_and_iowait_share_of_the_seconds_ticks_times_the_cores_and_memory_is_mem_available()
    {
        // 400 ticks in the second on 4 cores: 100 user, 20 system, 260 idle, 20 iowait → 280/400 idle.
        var load = NodeLoadProbe.Parse(
            [
                "cpu  1000 0 500 8000 100 0 0 0 0 0",
                "cpu  1100 0 520 8260 120 0 0 0 0 0",
                "MemAvailable:   23000000 kB",
            ],
            cores: 4);

        Assert.Equal(new NodeLoad(23_000_000L * 1024, 2.8), load);
    }

    [Fact]
    public void Output_that_is_not_two_cpu_lines_and_mem_available_is_refused_with_what_came()
    {
        var error = Assert.Throws<FormatException>(() => NodeLoadProbe.Parse(["sh: head: not found"], cores: 2));

        Assert.Contains("sh: head: not found", error.Message);
    }
}
