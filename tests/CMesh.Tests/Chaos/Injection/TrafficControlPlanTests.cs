using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;
using CMesh.Docker.Chaos.Injection;

namespace CMesh.Tests.Chaos.Injection;

public sealed class TrafficControlPlanTests
{
    private static readonly LinkQdisc Tbf = new(KernelFeature.Tbf, ["tbf", "rate", "256kbit", "burst", "3028", "latency", "200ms"]);

    [Fact]
    public void Without_destinations_the_faults_qdisc_is_the_root_and_reverting_deletes_the_root()
    {
        var plan = TrafficControlPlan.For(Tbf, "eth1", LinkDirection.Egress, null);

        Assert.Equal([["tc", "qdisc", "add", "dev", "eth1", "root", "handle", "1:", "tbf", "rate", "256kbit", "burst", "3028", "latency", "200ms"]], plan.Apply);
        Assert.Equal([["tc", "qdisc", "del", "dev", "eth1", "root"]], plan.Revert);
    }

    [Fact]
    public void With_destinations_an_htb_root_steers_only_their_addresses_into_the_shaped_class()
    {
        var plan = TrafficControlPlan.For(Tbf, "eth1", LinkDirection.Egress, ["10.0.0.3", "10.0.0.4"]);

        Assert.Equal(
            [
                ["tc", "qdisc", "add", "dev", "eth1", "root", "handle", "1:", "htb", "default", "1"],
                ["tc", "class", "add", "dev", "eth1", "parent", "1:", "classid", "1:1", "htb", "rate", "10gbit", "quantum", "1514"],
                ["tc", "class", "add", "dev", "eth1", "parent", "1:", "classid", "1:2", "htb", "rate", "10gbit", "quantum", "1514"],
                ["tc", "qdisc", "add", "dev", "eth1", "parent", "1:2", "handle", "20:", "tbf", "rate", "256kbit", "burst", "3028", "latency", "200ms"],
                ["tc", "filter", "add", "dev", "eth1", "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", "dst", "10.0.0.3/32", "flowid", "1:2"],
                ["tc", "filter", "add", "dev", "eth1", "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", "dst", "10.0.0.4/32", "flowid", "1:2"],
            ],
            plan.Apply);
    }

    [Fact]
    public void Both_directions_redirect_incoming_traffic_through_an_ifb_shaped_the_same_way_by_source()
    {
        var plan = TrafficControlPlan.For(Tbf, "eth1", LinkDirection.Both, ["10.0.0.3"]);

        Assert.Contains(["ip", "link", "add", "cmesh-ifb", "type", "ifb"], plan.Apply);
        Assert.Contains(["tc", "filter", "add", "dev", "eth1", "parent", "ffff:", "protocol", "ip", "u32", "match", "u32", "0", "0", "action", "mirred", "egress", "redirect", "dev", "cmesh-ifb"], plan.Apply);
        Assert.Contains(["tc", "filter", "add", "dev", "cmesh-ifb", "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", "src", "10.0.0.3/32", "flowid", "1:2"], plan.Apply);
        Assert.Equal(
            [["tc", "qdisc", "del", "dev", "eth1", "root"], ["tc", "qdisc", "del", "dev", "eth1", "ingress"], ["ip", "link", "del", "cmesh-ifb"]],
            plan.Revert);
    }
}
