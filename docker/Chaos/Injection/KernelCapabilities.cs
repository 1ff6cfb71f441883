using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>The kernel features found on the Docker host, and what each missing one means for a fault.</summary>
public sealed record KernelCapabilities(IReadOnlySet<KernelFeature> Present)
{
    public bool Has(KernelFeature feature) => Present.Contains(feature);

    /// <exception cref="MissingKernelFeatureException">The feature is missing; the message names it and what needs it.</exception>
    public void Require(KernelFeature feature, string neededBy)
    {
        if (!Has(feature))
        {
            throw new MissingKernelFeatureException(feature, neededBy);
        }
    }

    /// <summary>Refuses a fault the kernel cannot do; it needs no mesh, so a run can check its scenario before it starts anything.</summary>
    /// <exception cref="MissingKernelFeatureException">The first missing feature, named.</exception>
    public void Check(FaultSpec fault)
    {
        foreach (var feature in fault.Needs)
        {
            Require(feature, $"{fault.Kind} ({fault})");
        }
    }

    public override string ToString() =>
        string.Join(", ", Enum.GetValues<KernelFeature>().Select(f => $"{KebabName.Of(f)} {(Has(f) ? "yes" : "no")}"));
}

/// <summary>A fault needs something the host's kernel lacks; nothing of the fault was applied.</summary>
public sealed class MissingKernelFeatureException(KernelFeature feature, string neededBy) : InvalidOperationException(Explain(feature, neededBy))
{
    public KernelFeature Feature { get; } = feature;

    private static string Explain(KernelFeature feature, string neededBy) => feature switch
    {
        KernelFeature.Netem =>
            $"{neededBy} needs the kernel's netem qdisc (sch_netem), which the Docker host lacks (tc: \"Specified qdisc kind is unknown\"); load it with `modprobe sch_netem`, or use a fault that runs without it: loss with correlation 0%, rate, partition",
        KernelFeature.Tbf => $"{neededBy} needs the kernel's tbf qdisc (sch_tbf), which the Docker host lacks; load it with `modprobe sch_tbf`",
        KernelFeature.PerDestination =>
            $"{neededBy} shapes only some destinations, which needs the kernel's htb qdisc and u32 filter (sch_htb, cls_u32), missing on the Docker host; drop `destinations` or load them with modprobe",
        KernelFeature.Ingress =>
            $"{neededBy} shapes both directions, which needs an ifb device and the mirred action (ifb, act_mirred), missing on the Docker host; use direction egress or load them with modprobe",
        _ => $"{neededBy} needs nftables (nf_tables), which the Docker host lacks; load it with `modprobe nf_tables`",
    };
}
