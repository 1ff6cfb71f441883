namespace CMesh.Common.Contracts;

/// <summary>The coordinator's phase for the whole mesh.</summary>
public enum MeshPhase
{
    /// <summary>Waiting until every expected peer has registered and opened a link.</summary>
    Forming,

    /// <summary>The workload runs (from the plan's start time).</summary>
    Running,

    /// <summary>
    /// The workload is over: peers write no more but keep syncing, until every live peer holds every update or the
    /// plan's settle bound passes, so the final states compared are not cut off with updates in flight.
    /// </summary>
    Settling,

    /// <summary>Peers stop their engines, flush their records and exit.</summary>
    Stopping,
}
