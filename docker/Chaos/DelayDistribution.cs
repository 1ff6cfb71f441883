namespace CMesh.Docker.Chaos;

/// <summary>How netem draws each packet's delay within delay ± jitter.</summary>
public enum DelayDistribution
{
    Uniform,
    Normal,
    Pareto,
    Paretonormal,
}
