namespace CMesh.Common.Contracts;

/// <summary>The coordinator's phase for the whole mesh.</summary>
public enum MeshPhase
{
    /// <summary>Waiting until every expected peer has registered and opened a link.</summary>
    Forming,

    /// <summary>The workload runs (from the plan's start time).</summary>
    Running,

    /// <summary>Peers stop writing, flush their records and exit.</summary>
    Stopping,
}
