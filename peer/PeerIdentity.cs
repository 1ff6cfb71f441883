namespace CMesh.Peer;

/// <summary>Who this peer is: its id, its swarm, and where it accepts links on the data network.</summary>
public sealed record PeerIdentity(string PeerId, string SwarmId, string DataEndpoint);
