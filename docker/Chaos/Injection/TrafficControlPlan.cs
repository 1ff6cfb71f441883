using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// The tc commands that put one link fault on a member's data interface, and those that take it off. Without
/// destinations the fault's qdisc is the root; with them an htb root sends traffic to those addresses through a
/// class holding the fault and everything else through an unshaped class. Both directions add an ifb device that
/// receives the interface's incoming traffic, shaped the same way (matching sources instead of destinations).
/// </summary>
public sealed record TrafficControlPlan(IReadOnlyList<IReadOnlyList<string>> Apply, IReadOnlyList<IReadOnlyList<string>> Revert)
{
    /// <summary>The ifb device a member gets when a fault shapes both directions (at most 15 characters).</summary>
    public const string IngressDevice = "cmesh-ifb";

    /// <summary>Rate of the htb classes: high enough never to shape anything itself.</summary>
    private const string Unshaped = "10gbit";

    /// <param name="device">The member's data interface.</param>
    /// <param name="destinations">The addresses the fault is limited to; null for all traffic.</param>
    public static TrafficControlPlan For(LinkQdisc qdisc, string device, LinkDirection direction, IReadOnlyList<string>? destinations)
    {
        var apply = new List<IReadOnlyList<string>>();
        var revert = new List<IReadOnlyList<string>> { new[] { "tc", "qdisc", "del", "dev", device, "root" } };
        apply.AddRange(Tree(qdisc, device, destinations, "dst"));
        if (direction == LinkDirection.Both)
        {
            apply.Add(["ip", "link", "add", IngressDevice, "type", "ifb"]);
            apply.Add(["ip", "link", "set", IngressDevice, "up"]);
            apply.Add(["tc", "qdisc", "add", "dev", device, "handle", "ffff:", "ingress"]);
            apply.Add(["tc", "filter", "add", "dev", device, "parent", "ffff:", "protocol", "ip", "u32", "match", "u32", "0", "0", "action", "mirred", "egress", "redirect", "dev", IngressDevice]);
            apply.AddRange(Tree(qdisc, IngressDevice, destinations, "src"));
            revert.Add(["tc", "qdisc", "del", "dev", device, "ingress"]);
            revert.Add(["ip", "link", "del", IngressDevice]);
        }

        return new TrafficControlPlan(apply, revert);
    }

    private static IEnumerable<IReadOnlyList<string>> Tree(LinkQdisc qdisc, string device, IReadOnlyList<string>? peers, string match)
    {
        if (peers is null)
        {
            yield return ["tc", "qdisc", "add", "dev", device, "root", "handle", "1:", .. qdisc.Arguments];
            yield break;
        }

        yield return ["tc", "qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", "1"];
        yield return ["tc", "class", "add", "dev", device, "parent", "1:", "classid", "1:1", "htb", "rate", Unshaped, "quantum", "1514"];
        yield return ["tc", "class", "add", "dev", device, "parent", "1:", "classid", "1:2", "htb", "rate", Unshaped, "quantum", "1514"];
        yield return ["tc", "qdisc", "add", "dev", device, "parent", "1:2", "handle", "20:", .. qdisc.Arguments];
        foreach (var peer in peers)
        {
            yield return ["tc", "filter", "add", "dev", device, "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", match, $"{peer}/32", "flowid", "1:2"];
        }
    }
}
