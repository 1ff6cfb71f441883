namespace CMesh.Common.Contracts;

/// <summary>GET /v1/chaos on the coordinator: the faults the run's chaos.csv shows started and not yet ended.</summary>
public sealed record ChaosInForce(IReadOnlyList<FaultInForce> Faults);

/// <summary>One fault in force, from its start row (and, for mobility, its latest layout).</summary>
/// <param name="FaultId">chaos.csv's fault_id: s&lt;step&gt;.&lt;occurrence&gt; in a scenario, a&lt;hex&gt; ad hoc.</param>
/// <param name="Kind">delay, loss, partition, kill, churn, mobility…</param>
/// <param name="Parameters">The fault in words, e.g. loss 20%.</param>
/// <param name="Mechanism">nft, netem, tbf or docker.</param>
/// <param name="Partition">Who is cut from whom, for a partition or mobility whose detail names its sides.</param>
public sealed record FaultInForce(
    string FaultId,
    string Kind,
    IReadOnlyList<string> Targets,
    string Parameters,
    string Mechanism,
    DateTimeOffset StartedAt,
    PartitionSides? Partition);

/// <param name="Sides">The groups that cannot hear each other, each a list of members; empty for a layout without sides (a ring).</param>
/// <param name="OneWay">Only the first side's traffic to the second is dropped.</param>
/// <param name="Bridge">The member that belongs to no side and hears both, in a bridge layout.</param>
/// <param name="Description">The layout as chaos.csv words it.</param>
public sealed record PartitionSides(IReadOnlyList<IReadOnlyList<string>> Sides, bool OneWay, string? Bridge, string Description);
