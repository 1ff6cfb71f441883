namespace CMesh.Common.Contracts;

/// <summary>
/// One entry of the coordinator's GET /v1/targets, in Prometheus's HTTP service discovery format: a peer's /metrics
/// address on the control network and the labels its series get.
/// </summary>
public sealed record ScrapeTargetGroup(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels);
