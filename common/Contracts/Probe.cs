namespace CMesh.Common.Contracts;

/// <summary>POST /probe on a peer: the probe update it wrote, to follow through the mesh with GET /probes/{id}.</summary>
public sealed record ProbeWritten(string ProbeId, string Writer, long Sequence, long WrittenAtUnixUs);

/// <summary>GET /probes/{id}: when and how a probe reached a peer.</summary>
/// <param name="FromPeer">The neighbour it came through; null on the peer that wrote it.</param>
/// <param name="Hops">Links crossed (0 on the writer).</param>
/// <param name="LinkRttMs">The last heartbeat round trip of the link it came through, when it arrived.</param>
public sealed record ProbeSighting(string ProbeId, string PeerId, long WrittenAtUnixUs, long SeenAtUnixUs, string? FromPeer, int Hops, double? LinkRttMs);
