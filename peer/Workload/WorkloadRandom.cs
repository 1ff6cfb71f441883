using CMesh.Common.Contracts;
using CMesh.Common.Timing;

namespace CMesh.Peer.Workload;

/// <summary>
/// The randomness of one peer's workload (its write offset within the interval, its payloads): from the plan's seed
/// and the peer's id when the run has a seed, so that every run with that seed writes on the same schedule and each
/// peer still writes at its own offset; drawn afresh otherwise.
/// </summary>
public static class WorkloadRandom
{
    public static Random For(TestPlan plan, string peerId) =>
        plan.WorkloadSeed is { } seed ? new Random((int)StableHash.Of($"{seed}/{peerId}")) : new Random();
}
