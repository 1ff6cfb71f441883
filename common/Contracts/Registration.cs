namespace CMesh.Common.Contracts;

/// <summary>A peer and the TCP endpoint (ip:port on the data network) it accepts links on.</summary>
public sealed record PeerAddress(string PeerId, string Endpoint);

public sealed record RegisterRequest(string PeerId, string SwarmId, string DataEndpoint);

public sealed record RegisterResponse(TestPlan Plan, IReadOnlyList<PeerAddress> Bootstrap);

public sealed record DiscoveryResponse(IReadOnlyList<PeerAddress> Peers);
