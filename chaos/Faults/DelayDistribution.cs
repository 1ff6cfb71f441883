
namespace CMesh.Chaos.Faults;

/// <summary>How netem draws each packet's delay within delay ± jitter.</summary>
public enum DelayDistribution
{
    Uniform,
    Normal,
    Pareto,
    Paretonormal,
}
