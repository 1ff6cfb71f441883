namespace CMesh.Common.Contracts;

/// <summary>A peer and the TCP endpoint (ip:port on the data network) it accepts links on.</summary>
public sealed record PeerAddress(string PeerId, string Endpoint);

/// <param name="IntrospectionEndpoint">ip:port of the peer's GET /state, /events and /metrics on the control network.</param>
public sealed record RegisterRequest(string PeerId, string SwarmId, string DataEndpoint, string? IntrospectionEndpoint = null);

public sealed record RegisterResponse(TestPlan Plan, IReadOnlyList<PeerAddress> Bootstrap);

public sealed record DiscoveryResponse(IReadOnlyList<PeerAddress> Peers);
