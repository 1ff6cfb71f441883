
namespace CMesh.Chaos.Mechanisms;

/// <summary>What the Docker host's kernel must offer for a kind of fault; each is probed once per run.</summary>
public enum KernelFeature
{
    /// <summary>The netem queueing discipline (sch_netem): delay, jitter, correlated or bursty loss, duplicate, corrupt, reorder.</summary>
    Netem,

    /// <summary>The token bucket filter (sch_tbf): bandwidth limits.</summary>
    Tbf,

    /// <summary>htb with u32 filters (sch_htb, cls_u32): shaping only the traffic towards some destinations.</summary>
    PerDestination,

    /// <summary>An ifb device fed by a mirred redirect (ifb, act_mirred): shaping what a member receives.</summary>
    Ingress,

    /// <summary>nftables (nf_tables): random loss and partitions.</summary>
    Nftables,
}
