using System.Text.Json;

namespace CMesh.Common.Contracts;

/// <summary>A peer and the TCP endpoint (ip:port on the data network) it accepts links on.</summary>
/// <param name="Contact">What another engine's adapter needs to reach this peer's engine, as its adapter said (docs/engines.md); null for the built-in engine.</param>
public sealed record PeerAddress(string PeerId, string Endpoint, JsonElement? Contact = null);

/// <param name="IntrospectionEndpoint">ip:port of the peer's GET /state, /events and /metrics on the control network.</param>
/// <param name="Contact">The engine adapter's contact, handed to the other peers with this peer's address.</param>
public sealed record RegisterRequest(string PeerId, string SwarmId, string DataEndpoint, string? IntrospectionEndpoint = null, JsonElement? Contact = null);

public sealed record RegisterResponse(TestPlan Plan, IReadOnlyList<PeerAddress> Bootstrap);

public sealed record DiscoveryResponse(IReadOnlyList<PeerAddress> Peers);
